import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.js';
import { openSeriousIncidents, reportsOf } from './queries.js';
import { openClockView } from './view-schemas.js';
import { clocksOf } from './views.js';

/** A serious incident not yet closed is rare; more than this many is a backlog the list names only in part. */
const MAX_INCIDENTS = 1000;

/**
 * The organization's reporting clocks that have started and still wait for a report (running or
 * overdue), the soonest due first: overdue ones come first because they fell due earlier. A clock
 * that waits for an earlier report has no due time yet and is left out.
 */
export async function openClocks(
  db: Kysely<DB>,
  orgId: string,
  now: Date,
): Promise<z.infer<typeof openClockView>[]> {
  const incidents = await openSeriousIncidents(db, orgId, MAX_INCIDENTS);
  const reports = await reportsOf(
    db,
    orgId,
    incidents.map((i) => i.id),
  );
  const at = now.toISOString();
  const out: z.infer<typeof openClockView>[] = [];
  for (const i of incidents) {
    const mine = reports.filter((r) => r.incident_id === i.id);
    for (const clock of clocksOf(i, mine, at))
      if (clock.state === 'running' || clock.state === 'overdue')
        out.push({
          incidentId: i.id,
          incidentTitle: i.title,
          severity: i.severity as z.infer<typeof openClockView>['severity'],
          clock,
        });
  }
  return out.sort((a, b) => a.clock.dueAt!.localeCompare(b.clock.dueAt!));
}

export const clockSummaryView = z.object({
  items: z.array(openClockView),
  overdue: z.number().int().describe('How many of all the open clocks are overdue.'),
  total: z.number().int().describe('How many clocks are open in all.'),
});

/** The first `limit` open clocks with how many are open and overdue (the clocks route, the dashboard). */
export async function clockSummary(
  db: Kysely<DB>,
  orgId: string,
  now: Date,
  limit: number,
): Promise<z.infer<typeof clockSummaryView>> {
  const all = await openClocks(db, orgId, now);
  return {
    items: all.slice(0, limit),
    overdue: all.filter((c) => c.clock.state === 'overdue').length,
    total: all.length,
  };
}
