import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.js';
import type { OrgAccess } from '../../kernel/context.js';
import { NameWants, namesSchema, resolveNames } from '../../kernel/names.js';
import { assessmentsDue, assessmentView } from '../impact/index.js';
import type { RiskRow } from './acceptance.js';
import { criteriaFromRow, UNSTORED_CRITERIA } from './criteria.js';
import {
  acceptedRisks,
  activeCriteriaRow,
  overdueTreatments,
  reviewsDue,
  topRisks,
} from './queries.js';
import { riskView, riskViews, treatmentView, treatmentViews } from './schemas.js';

export const riskOverviewView = z.object({
  top: z.array(riskView),
  reviewsDue: z.array(riskView),
  acceptancesDue: z.array(riskView),
  overdueTreatments: z.array(treatmentView),
  reassessmentsDue: z
    .array(assessmentView)
    .describe('Approved impact assessments due again, with the reasons.'),
  names: namesSchema,
});

/** Top risks and what is overdue on day `t`, up to 10 of each (the overview route, the dashboard). */
export async function riskOverview(
  db: Kysely<DB>,
  access: OrgAccess,
  t: string,
): Promise<z.infer<typeof riskOverviewView>> {
  const row = await activeCriteriaRow(db, access.orgId);
  const c = row ? criteriaFromRow(row) : UNSTORED_CRITERIA;
  const views = async (rows: RiskRow[]) => riskViews(db, access, rows, t);
  const accepted = await views(await acceptedRisks(db, access.orgId, 500));
  const due = await assessmentsDue(db, access, t, 10);
  const systems = new NameWants().add(
    'ai_systems',
    due.map((a) => a.aiSystemId),
  );
  return {
    top: await views(await topRisks(db, access.orgId, c, 10)),
    reviewsDue: await views(await reviewsDue(db, access.orgId, t, 10)),
    acceptancesDue: accepted
      .filter((v) => v.acceptance.state === 'expired' || v.acceptance.state === 'needed')
      .slice(0, 10),
    overdueTreatments: await treatmentViews(
      db,
      access,
      await overdueTreatments(db, access.orgId, t, 10),
      t,
    ),
    reassessmentsDue: due,
    names: Object.fromEntries(await resolveNames(db, access, systems)),
  };
}
