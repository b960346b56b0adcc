import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { tableFile, type TableColumn } from '../../interop/tabular.js';
import type { OrgAccess } from '../../kernel/context.js';
import { today } from '../../kernel/records.js';
import { memberEmailsById } from '../orgs/index.js';
import { allRisks, systemNames } from './queries.js';
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

/** The risk register as a CSV, XLSX or PDF file, with names for ids and levels in words. */
export async function risksFile(
  db: Kysely<DB>,
  access: OrgAccess,
  format: 'csv' | 'xlsx' | 'pdf',
  now: Date,
) {
  const views = await riskViews(db, access, await allRisks(db, access.orgId, 100_000), today(now));
  const systems = await systemNames(db, access.orgId);
  const members = await memberEmailsById(db, access.orgId);
  const records = views.map((v) => ({
    ...v,
    aiSystems: v.aiSystemIds.map((x) => systems.get(x) ?? x),
    owner: v.ownerMemberId ? (members.get(v.ownerMemberId) ?? v.ownerMemberId) : '',
    inherent: v.inherentLevel
      ? `${v.inherentLikelihood}×${v.inherentImpact} ${v.inherentLevel}`
      : '',
    residual: v.residualLevel
      ? `${v.residualLikelihood}×${v.residualImpact} ${v.residualLevel}`
      : '',
    acceptance: v.acceptance.expiresOn
      ? `${v.acceptance.state} until ${v.acceptance.expiresOn}`
      : v.acceptance.state.replace('_', ' '),
  }));
  return tableFile(
    format,
    `${access.slug}-risk-register`,
    'Risk register',
    `${access.slug} - ${records.length} risks (ISO/IEC 42001 6.1.2, 6.1.3)`,
    COLUMNS,
    records,
    now,
  );
}
