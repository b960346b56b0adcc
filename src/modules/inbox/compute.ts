import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { OrgAccess } from '../../kernel/context.js';
import { isRole } from '../../kernel/permissions.js';
import { today } from '../../kernel/records.js';
import { membersWithRoles } from '../orgs/index.js';
import { pathOf } from './links.js';
import { GROUP_LABELS, GROUP_LIMIT, type InboxItemView, type InboxView } from './schemas.js';
import {
  INBOX_GROUPS,
  itemKey,
  type Candidate,
  type FindQuery,
  type InboxSource,
} from './source.js';
import { SOURCES } from './sources.js';

/** How far ahead a date counts as due soon: reviews, renewals, expiring evidence. */
export const DUE_SOON_DAYS = 14;

export function findQuery(now: Date): FindQuery {
  return {
    today: today(now),
    now: now.toISOString(),
    horizon: today(new Date(now.getTime() + DUE_SOON_DAYS * 86_400_000)),
  };
}

/** Every open item of the organization, from every source (or these). */
export async function openItems(
  db: Kysely<DB>,
  orgId: string,
  q: FindQuery,
  sources: readonly InboxSource[] = SOURCES,
): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (const s of sources) out.push(...(await s.find(db, orgId, q)));
  return out;
}

/** A member of the organization as the rules see them (no token: what the member may do). */
export type Member = OrgAccess & { memberId: string; userId: string; email: string };

export async function membersOf(db: Kysely<DB>, orgId: string, slug: string): Promise<Member[]> {
  return (await membersWithRoles(db, orgId)).flatMap((m) =>
    isRole(m.role)
      ? [{ orgId, slug, role: m.role, memberId: m.id, userId: m.user_id, email: m.email }]
      : [],
  );
}

export const toItemView = (
  c: Candidate,
  why: string,
  slug: string,
  day: string,
): InboxItemView => ({
  key: itemKey(c),
  kind: c.kind,
  group: c.group,
  title: c.title,
  why,
  dueDate: c.dueDate,
  overdue: c.dueDate !== null && c.dueDate < day,
  target: c.target,
  path: pathOf(slug, c.target),
});

/** Dated items first (the earliest first), then the others in the order of the sources. */
const byDue = (a: InboxItemView, b: InboxItemView) =>
  a.dueDate === b.dueDate
    ? 0
    : a.dueDate === null
      ? 1
      : b.dueDate === null
        ? -1
        : a.dueDate < b.dueDate
          ? -1
          : 1;

/**
 * What waits for the caller now, computed from the records: each source's open items that wait
 * for them (by the same predicates the commands enforce), grouped, due first. The host operator
 * (no member) has no inbox.
 */
export async function inboxOf(
  db: Kysely<DB>,
  access: OrgAccess,
  now: Date,
  unreadNotifications: number,
): Promise<InboxView> {
  const q = findQuery(now);
  const items: InboxItemView[] = [];
  if (access.memberId !== null) {
    // Decided by the member's role, not by the token the call came with: a read-only token still
    // shows its member what waits for them.
    const me: OrgAccess = { ...access, scopes: undefined };
    for (const c of await openItems(db, access.orgId, q)) {
      const why = c.waitsFor(me);
      if (why !== null) items.push(toItemView(c, why, access.slug, q.today));
    }
  }
  items.sort(byDue);
  return {
    total: items.length,
    unreadNotifications,
    groups: INBOX_GROUPS.map((group) => {
      const mine = items.filter((i) => i.group === group);
      return {
        group,
        label: GROUP_LABELS[group],
        count: mine.length,
        items: mine.slice(0, GROUP_LIMIT),
      };
    }),
  };
}
