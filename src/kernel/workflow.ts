import { z } from 'zod';
import { can } from './authorize.js';
import type { OrgAccess } from './context.js';
import { AppError } from './errors.js';
import type { Action } from './permissions.js';

/**
 * The draft → approve-by-another → supersede workflow that scope versions, policy versions,
 * documents, SoA versions and impact assessments share, as data: which states allow editing,
 * and each step's action, the states it starts from, and whether it is a four-eyes step. Each
 * rule has one error code, the same everywhere:
 *
 * - editing outside an editable state: VERSION_LOCKED (409);
 * - a step from a state it does not start from: INVALID_STATE (409);
 * - a four-eyes step by the record's author: SELF_APPROVAL (422);
 * - a four-eyes step by someone who is no member (the host operator): FORBIDDEN (403);
 * - a step only the author may take (withdrawing one's own proposal) by anyone else: FORBIDDEN.
 *
 * Commands call `assertEditable` / `assertStep`; views call `abilities` with the same predicates,
 * so what the web app offers is exactly what the commands will accept.
 */
export interface Workflow<State extends string, Step extends string> {
  /** What the record is called in messages, e.g. "policy version". */
  what: string;
  /** States in which the record's content may still change (none when it never changes). */
  editable: readonly State[];
  /**
   * The action that edits it (for the `edit` ability). Absent for a record that is never edited
   * (a frozen snapshot, a proposal decided as it stands): its abilities then have no `edit`.
   */
  editAction?: Action;
  steps: Record<Step, WorkflowStep<State>>;
}

export interface WorkflowStep<State extends string> {
  action: Action;
  /** The states the step starts from. */
  from: readonly State[];
  /** Someone other than the record's author must take it (approving, deciding). */
  fourEyes?: boolean;
  /** Only the record's author may take it (withdrawing one's own proposal). */
  authorOnly?: boolean;
}

/** The fields of a record the workflow rules read. */
export interface WorkflowRecord {
  status: string;
  author_member_id: string | null;
  /** Shown in messages ("Version 3 is approved"); optional. */
  number?: number;
}

/** A workflow as data; its type keeps whether it has an edit action (and so an `edit` ability). */
export function defineWorkflow<State extends string, Step extends string>(
  w: Workflow<State, Step> & { editAction: Action },
): Workflow<State, Step> & { editAction: Action };
export function defineWorkflow<State extends string, Step extends string>(
  w: Workflow<State, Step>,
): Workflow<State, Step>;
export function defineWorkflow<State extends string, Step extends string>(
  w: Workflow<State, Step>,
) {
  return w;
}

const label = (w: { what: string }, r: WorkflowRecord) =>
  r.number === undefined
    ? `This ${w.what}`
    : `${w.what[0]!.toUpperCase()}${w.what.slice(1)} ${r.number}`;
const words = (s: string) => s.replace(/_/g, ' ');

/** Why the record may not be edited now, or null when it may. */
export function editRefusal<State extends string, Step extends string>(
  w: Workflow<State, Step>,
  r: WorkflowRecord,
): AppError | null {
  if (w.editAction !== undefined && (w.editable as readonly string[]).includes(r.status))
    return null;
  return new AppError(
    'VERSION_LOCKED',
    `${label(w, r)} is ${words(r.status)} and can no longer be edited: make a new version.`,
  );
}

/** Why `memberId` may not take this step now, or null when they may. */
export function stepRefusal<State extends string, Step extends string>(
  w: Workflow<State, Step>,
  step: Step,
  r: WorkflowRecord,
  memberId: string | null,
): AppError | null {
  const s = w.steps[step];
  if (!(s.from as readonly string[]).includes(r.status)) {
    return new AppError(
      'INVALID_STATE',
      `${label(w, r)} is ${words(r.status)}; this step needs it ${s.from.map(words).join(' or ')}.`,
    );
  }
  if (s.fourEyes) {
    if (memberId === null)
      return new AppError(
        'FORBIDDEN',
        `This step on a ${w.what} needs a member of the organization.`,
      );
    if (r.author_member_id === memberId)
      return new AppError(
        'SELF_APPROVAL',
        `The author of this ${w.what} may not ${words(step)} it; another manager or owner must.`,
      );
  }
  if (s.authorOnly && (memberId === null || r.author_member_id !== memberId))
    return new AppError('FORBIDDEN', `Only the author of this ${w.what} may ${words(step)} it.`);
  return null;
}

export function assertEditable<State extends string, Step extends string>(
  w: Workflow<State, Step>,
  r: WorkflowRecord,
): void {
  const refusal = editRefusal(w, r);
  if (refusal) throw refusal;
}

export function assertStep<State extends string, Step extends string>(
  w: Workflow<State, Step>,
  step: Step,
  r: WorkflowRecord,
  memberId: string | null,
): void {
  const refusal = stepRefusal(w, step, r, memberId);
  if (refusal) throw refusal;
}

/**
 * What the caller may do with this record now: edit it (when the workflow has an edit action),
 * and each step. True only when their role and token allow the action and the workflow's rules
 * allow it for them.
 */
export function abilities<State extends string, Step extends string>(
  w: Workflow<State, Step> & { editAction: Action },
  r: WorkflowRecord,
  access: OrgAccess,
): Record<Step | 'edit', boolean>;
export function abilities<State extends string, Step extends string>(
  w: Workflow<State, Step>,
  r: WorkflowRecord,
  access: OrgAccess,
): Record<Step, boolean>;
export function abilities<State extends string, Step extends string>(
  w: Workflow<State, Step>,
  r: WorkflowRecord,
  access: OrgAccess,
): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  if (w.editAction !== undefined)
    out.edit = can(access, w.editAction) && editRefusal(w, r) === null;
  for (const step of Object.keys(w.steps) as Step[]) {
    out[step] =
      can(access, w.steps[step].action) && stepRefusal(w, step, r, access.memberId) === null;
  }
  return out;
}

/** The response schema of `abilities` for a workflow: one boolean per step, and `edit` if it edits. */
export function abilitiesSchema<State extends string, Step extends string>(
  w: Workflow<State, Step> & { editAction: Action },
): z.ZodObject<Record<Step | 'edit', z.ZodBoolean>>;
export function abilitiesSchema<State extends string, Step extends string>(
  w: Workflow<State, Step>,
): z.ZodObject<Record<Step, z.ZodBoolean>>;
export function abilitiesSchema<State extends string, Step extends string>(
  w: Workflow<State, Step>,
) {
  const shape: Record<string, z.ZodBoolean> = {};
  if (w.editAction !== undefined)
    shape.edit = z.boolean().describe(`Whether the caller may edit this ${w.what} now.`);
  for (const step of Object.keys(w.steps))
    shape[step] = z.boolean().describe(`Whether the caller may ${words(step)} it now.`);
  return z
    .object(shape)
    .describe('What the caller may do with it now, as the server decides (role and rules).');
}
