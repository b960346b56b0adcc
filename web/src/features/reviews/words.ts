// Words and helpers the management review pages share.
import { REVIEW_STATUS } from '../../../../src/labels.js';
import type { ReviewStatus } from './api';

export const STATUS_WORD = REVIEW_STATUS as Record<ReviewStatus, string>;
export const STATUS_TONE = { planned: 'info', held: 'warning', issued: 'success' } as const;

/** A member a review names (`names` from the server), else a former or unreadable one. */
export const memberOf = (names: Readonly<Record<string, string>>, id: string | null) =>
  id ? (names[id] ?? 'a former member') : 'the server operator';
