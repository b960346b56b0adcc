// Words and helpers the management review pages share.
import type { MemberIndex } from '../../lib/lookups';
import type { ReviewStatus } from './api';

export const STATUS_WORD: Record<ReviewStatus, string> = {
  planned: 'Planned',
  held: 'Held',
  issued: 'Minutes issued',
};
export const STATUS_TONE = { planned: 'info', held: 'warning', issued: 'success' } as const;

export const emailOf = (members: MemberIndex | null, id: string | null) =>
  id ? (members?.byId.get(id)?.email ?? 'a former member') : 'the server operator';
