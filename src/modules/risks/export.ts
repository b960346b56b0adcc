import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { tableFile, type TableColumn } from '../../interop/tabular.js';
import type { OrgAccess } from '../../kernel/context.js';
import { today } from '../../kernel/records.js';
import { ACCEPTANCE, labelOf, RISK_SOURCE, RISK_STATUS, TREATMENT } from '../../labels.js';
import { documentHead, memberLabelsById } from '../orgs/index.js';
import { criteriaFromRow } from './criteria.js';
import { allRisks, criteriaByIds, systemNames } from './queries.js';
import { riskViews } from './schemas.js';

const COLUMNS: TableColumn[] = [
  { key: 'ref', header: 'Id', width: 8 },
  { key: 'title', header: 'Risk', width: 18 },
  { key: 'aiSystems', header: 'AI systems', width: 10 },
  { key: 'riskSources', header: 'Annex C sources', width: 7 },
  { key: 'owner', header: 'Owner', width: 10 },
  { key: 'inherent', header: 'Inherent (L×I, level)', width: 9 },
  { key: 'treatment', header: 'Treatment', width: 6 },
  { key: 'controlIds', header: 'Controls', width: 8 },
  { key: 'residual', header: 'Residual (L×I, level)', width: 9 },
  { key: 'acceptance', header: 'Acceptance', width: 9 },
  { key: 'status', header: 'Status', width: 7 },
  { key: 'reviewDate', header: 'Review', width: 7 },
];

/**
 * The risk register as a CSV, XLSX or PDF file, with names for ids and levels in words (the
 * labels of the criteria each risk was scored on). Column keys are stable: risk imports read them.
 */
export async function risksFile(
  db: Kysely<DB>,
  access: OrgAccess,
  format: 'csv' | 'xlsx' | 'pdf',
  now: Date,
) {
  const views = await riskViews(db, access, await allRisks(db, access.orgId, 100_000), today(now));
  const systems = await systemNames(db, access.orgId);
  const members = await memberLabelsById(db, access.orgId);
  const levels = new Map<string, Record<string, string>>();
  const criteriaIds = [...new Set(views.map((v) => v.criteriaId).filter((x) => x !== null))];
  for (const c of await criteriaByIds(db, access.orgId, criteriaIds))
    levels.set(c.id, Object.fromEntries(criteriaFromRow(c).levels.map((l) => [l.key, l.label])));
  const level = (v: (typeof views)[number], key: string) =>
    labelOf((v.criteriaId && levels.get(v.criteriaId)) || {}, key);
  const records = views.map((v) => ({
    ...v,
    aiSystems: v.aiSystemIds.map((x) => systems.get(x) ?? x),
    riskSources: v.riskSources.map((c) => (RISK_SOURCE[c] ? `${c} ${RISK_SOURCE[c]}` : c)),
    owner: v.ownerMemberId ? (members.get(v.ownerMemberId) ?? 'a former member') : '',
    inherent: v.inherentLevel
      ? `${v.inherentLikelihood}×${v.inherentImpact} ${level(v, v.inherentLevel)}`
      : '',
    treatment: labelOf(TREATMENT, v.treatment),
    residual: v.residualLevel
      ? `${v.residualLikelihood}×${v.residualImpact} ${level(v, v.residualLevel)}`
      : '',
    acceptance: v.acceptance.expiresOn
      ? `${labelOf(ACCEPTANCE, v.acceptance.state)} until ${v.acceptance.expiresOn}`
      : labelOf(ACCEPTANCE, v.acceptance.state),
    status: labelOf(RISK_STATUS, v.status),
  }));
  return tableFile(
    format,
    `${access.slug}-risk-register`,
    'Risk register',
    `${records.length} risks (ISO/IEC 42001 6.1.2, 6.1.3)`,
    COLUMNS,
    records,
    await documentHead(db, access, now),
  );
}
