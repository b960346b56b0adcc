// The words of a control's decision, shared by the statement's list and a control's page.
import type { SoaEntry } from './api';

export const decisionWord = (e: Pick<SoaEntry, 'applicable'>) =>
  e.applicable === null ? 'Undecided' : e.applicable ? 'Applicable' : 'Excluded';
export const decisionTone = (e: Pick<SoaEntry, 'applicable'>) =>
  e.applicable === null ? 'warning' : e.applicable ? 'info' : 'neutral';
