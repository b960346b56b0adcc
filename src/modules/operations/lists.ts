/**
 * The operations page's three lists as registers: AI systems and their impact assessments (8.4),
 * open risks and their assessments (8.2), assessed risks and their treatment (8.3). Their states
 * are computed from the records on every read (operations.ts), not stored, so a list is searched,
 * filtered, sorted and paged here, over the computed rows: the cursor holds the sort it was made
 * for and the last row's sort key and id, so a page never repeats or skips a row.
 */
import { z } from 'zod';
import { AppError } from '../../kernel/errors.js';
import { uuidSchema } from '../../kernel/ids.js';
import { searchParam, sortParam } from '../../kernel/list-query.js';
import { pageQuery, type Page, type PageQuery } from '../../kernel/paging.js';
import {
  OPERATION_STATES,
  TREATMENT_PROGRESS,
  type RiskOperationView,
  type SystemOperationView,
} from './schemas.js';

/** What is behind first: overdue, never done, due, done. */
const BEHIND_FIRST = ['overdue', 'missing', 'due', 'done'];

export const SYSTEM_SORTS = ['name', 'status', 'lastAssessedOn', 'nextDueOn'] as const;
export const RISK_SORTS = ['title', 'status', 'lastAssessedOn', 'nextDueOn', 'progress'] as const;

const common = {
  status: z.enum(OPERATION_STATES).optional().describe('Only those in this state.'),
  owed: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: only those owing a re-assessment after a significant change; false: others.'),
};

export const systemListQuery = pageQuery.extend({
  q: searchParam.describe('Case-insensitive search in the AI system’s name.'),
  ...common,
  sort: sortParam(SYSTEM_SORTS).describe(
    `A field to sort by (${SYSTEM_SORTS.join(', ')}); prefix with - for descending. Without it, what is behind first (overdue, never done, due, done), then by name.`,
  ),
});

export const riskListQuery = pageQuery.extend({
  q: searchParam.describe('Case-insensitive search in the risk’s title.'),
  ...common,
  aiSystemId: uuidSchema.optional().describe('Only the risks of this AI system.'),
  assessed: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: only risks assessed at least once (whose treatment is due); false: others.'),
  progress: z
    .enum(TREATMENT_PROGRESS)
    .optional()
    .describe('Only risks whose treatment stands so: no option chosen, chosen, carried out.'),
  sort: sortParam(RISK_SORTS).describe(
    `A field to sort by (${RISK_SORTS.join(', ')}); prefix with - for descending. Without it, what is behind first (overdue, never done, due, done), then by title.`,
  ),
});

const pad = (n: number) => String(n).padStart(3, '0');
const behind = (status: string) => pad(BEHIND_FIRST.indexOf(status));
/** Whether `value` holds `text`, in any case (no text: every value does). */
const has = (text: string | undefined, value: string) =>
  !text || value.toLowerCase().includes(text.toLowerCase());

function decode(cursor: string, arg: string): [string, string] {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    v = null;
  }
  if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === 'string'))
    throw new AppError('VALIDATION_FAILED', 'The cursor is not one this API gave out.', [
      { pointer: '/query/cursor', message: 'Unknown cursor.' },
    ]);
  if (v[0] !== arg)
    throw new AppError('VALIDATION_FAILED', 'The cursor belongs to another sort order.', [
      { pointer: '/query/cursor', message: 'Sort changed.' },
    ]);
  return [v[1] as string, v[2] as string];
}

/** One page of `rows` ordered by (key, id), descending when `arg` starts with '-'. */
function memoryPage<T>(
  rows: readonly T[],
  arg: string,
  key: (r: T) => string,
  id: (r: T) => string,
  page: PageQuery,
): Page<T> {
  const sign = arg.startsWith('-') ? -1 : 1;
  const cmp = (a: [string, string], b: [string, string]) =>
    sign * (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
  const keyed = rows.map((r) => ({ r, k: [key(r), id(r)] as [string, string] }));
  keyed.sort((a, b) => cmp(a.k, b.k));
  const after = page.cursor === undefined ? null : decode(page.cursor, arg);
  const rest = after ? keyed.filter((x) => cmp(x.k, after) > 0) : keyed;
  const taken = rest.slice(0, page.limit);
  const last = taken[taken.length - 1];
  return {
    items: taken.map((x) => x.r),
    nextCursor:
      rest.length > page.limit && last
        ? Buffer.from(JSON.stringify([arg, ...last.k])).toString('base64url')
        : null,
  };
}

const owedOk = (owed: 'true' | 'false' | undefined, r: { reassessmentOwed: boolean }) =>
  owed === undefined || r.reassessmentOwed === (owed === 'true');

export function systemsPage(
  rows: readonly SystemOperationView[],
  query: z.infer<typeof systemListQuery>,
): Page<SystemOperationView> {
  const kept = rows.filter(
    (r) =>
      has(query.q, r.name) &&
      (query.status === undefined || r.status === query.status) &&
      owedOk(query.owed, r),
  );
  const name = (r: SystemOperationView) => r.name.toLowerCase();
  const field = query.sort?.replace(/^-/, '');
  const key: (r: SystemOperationView) => string =
    field === 'name'
      ? name
      : field === 'status'
        ? (r) => r.status
        : field === 'lastAssessedOn'
          ? (r) => r.lastAssessedOn ?? ''
          : field === 'nextDueOn'
            ? (r) => r.nextDueOn ?? ''
            : (r) => `${behind(r.status)}${name(r)}`;
  return memoryPage(kept, query.sort ?? 'behind', key, (r) => r.aiSystemId, query);
}

export function risksPage(
  rows: readonly RiskOperationView[],
  query: z.infer<typeof riskListQuery>,
): Page<RiskOperationView> {
  const kept = rows.filter(
    (r) =>
      has(query.q, r.title) &&
      (query.status === undefined || r.status === query.status) &&
      owedOk(query.owed, r) &&
      (query.aiSystemId === undefined || r.aiSystemIds.includes(query.aiSystemId)) &&
      (query.assessed === undefined ||
        (r.lastAssessedOn !== null) === (query.assessed === 'true')) &&
      (query.progress === undefined || r.treatment.progress === query.progress),
  );
  const title = (r: RiskOperationView) => r.title.toLowerCase();
  const field = query.sort?.replace(/^-/, '');
  const key: (r: RiskOperationView) => string =
    field === 'title'
      ? title
      : field === 'status'
        ? (r) => r.status
        : field === 'lastAssessedOn'
          ? (r) => r.lastAssessedOn ?? ''
          : field === 'nextDueOn'
            ? (r) => r.nextDueOn ?? ''
            : field === 'progress'
              ? (r) => pad(TREATMENT_PROGRESS.indexOf(r.treatment.progress))
              : (r) => `${behind(r.status)}${title(r)}`;
  return memoryPage(kept, query.sort ?? 'behind', key, (r) => r.riskId, query);
}
