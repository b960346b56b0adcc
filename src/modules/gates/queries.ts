/**
 * The gates' reads. Besides the module's own tables, the facts a gate is evaluated on come from
 * the records of other modules (the AI system, its model versions, datasets, impact assessments,
 * risks and evidence): like the readiness read model, this is a read-only view over them, bounded
 * to one AI system, and every query is typed by the schema. (The registers import this module to
 * consult a gate on each transition, so it cannot read them through their index.)
 */
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Dialect } from '../../db/connect.js';
import type { DB, Row } from '../../db/schema.js';
import { containing, matching, sortedPage } from '../../kernel/list-query.js';
import { UUID_RE } from '../../kernel/ids.js';
import { decodeCursor, keysetPage, toPage, type PageQuery } from '../../kernel/paging.js';
import { AppError } from '../../kernel/errors.js';

type Db = Kysely<DB>;

/** The version of the gate criteria in force, if the organization has adopted any. */
export function criteriaInForce(db: Db, orgId: string): Promise<Row<'gate_criteria'> | undefined> {
  return db
    .selectFrom('gate_criteria')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('status', '=', 'in_force')
    .executeTakeFirst();
}

/** The highest version number so far (0 before the first). */
export async function lastCriteriaNumber(db: Db, orgId: string): Promise<number> {
  const last = await db
    .selectFrom('gate_criteria')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return Number(last?.n ?? 0);
}

export function criteriaById(db: Db, orgId: string, id: string) {
  return db
    .selectFrom('gate_criteria')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The version list's orders: by number, `-number` (newest first) unless asked otherwise. */
export const VERSION_SORTS = ['number'] as const;

/**
 * Every version of the gate criteria, newest first unless sorted oldest first (`number`); `q`
 * keeps those whose change note holds the text (any case) or whose number it is. The cursor names
 * the order it was made for: one from the other order answers 400 at the cursor.
 */
export async function criteriaVersionsPage(
  db: Db,
  orgId: string,
  page: PageQuery,
  f: { q?: string | undefined; sort?: string | undefined } = {},
) {
  const order = f.sort === 'number' ? 'asc' : 'desc';
  let q = db.selectFrom('gate_criteria').selectAll().where('org_id', '=', orgId);
  const text = f.q;
  if (text) {
    const n = /^\d{1,9}$/.test(text) ? Number(text) : null;
    q = q.where((eb) =>
      eb.or([matching(text, ['change_note']), ...(n === null ? [] : [eb('number', '=', n)])]),
    );
  }
  const after = decodeCursor(page.cursor);
  if (after !== undefined) {
    const m = /^(asc|desc)-(\d{1,15})$/.exec(after);
    if (!m)
      throw new AppError('VALIDATION_FAILED', 'The cursor is not one this API gave out.', [
        { pointer: '/query/cursor', message: 'Unknown cursor.' },
      ]);
    if (m[1] !== order)
      throw new AppError('VALIDATION_FAILED', 'The cursor belongs to another sort order.', [
        { pointer: '/query/cursor', message: 'Sort changed.' },
      ]);
    q = q.where('number', order === 'asc' ? '>' : '<', Number(m[2]));
  }
  const rows = await q
    .orderBy('number', order)
    .limit(page.limit + 1)
    .execute();
  return toPage(rows, page.limit, (r) => `${order}-${r.number}`);
}

/** The AI systems a reference names: the one with this id, or every one with this exact name. */
export function systemsByRef(db: Db, orgId: string, ref: string) {
  return db
    .selectFrom('ai_systems')
    .selectAll()
    .where('org_id', '=', orgId)
    .where(UUID_RE.test(ref) ? 'id' : 'name', '=', ref)
    .limit(2)
    .execute();
}

/** The impact assessments of a system. */
export function assessmentsOf(db: Db, orgId: string, systemId: string) {
  return db
    .selectFrom('impact_assessments')
    .select(['id', 'title', 'status', 'approved_at', 'next_due_date'])
    .where('org_id', '=', orgId)
    .where('ai_system_id', '=', systemId)
    .orderBy('created_at')
    .execute();
}

/**
 * The risks of a system, each with the expiry of its latest acceptance. A risk names its systems
 * in a JSON list of ids; ids are UUIDs, so the quoted id cannot match inside another.
 */
export async function risksOf(db: Db, orgId: string, systemId: string) {
  const risks = await db
    .selectFrom('risks')
    .select(['id', 'title', 'status'])
    .where('org_id', '=', orgId)
    .where(sql<boolean>`ai_system_ids like ${`%"${systemId}"%`}`)
    .orderBy('created_at')
    .execute();
  if (risks.length === 0) return [];
  const accepted = await db
    .selectFrom('risk_acceptances')
    .select(['risk_id', (eb) => eb.fn.max('expires_on').as('expires')])
    .where('org_id', '=', orgId)
    .where(
      'risk_id',
      'in',
      risks.map((r) => r.id),
    )
    .groupBy('risk_id')
    .execute();
  const expiry = new Map(accepted.map((a) => [a.risk_id, String(a.expires)]));
  return risks.map((r) => ({ ...r, acceptedUntil: expiry.get(r.id) ?? null }));
}

export function datasetsOf(db: Db, orgId: string, systemId: string) {
  return db
    .selectFrom('datasets')
    .select(['id', 'name', 'provenance', 'quality_checks', 'preparation'])
    .where('org_id', '=', orgId)
    .where('ai_system_id', '=', systemId)
    .orderBy('name')
    .execute();
}

/** The model versions of a system, newest first. */
export function modelsOf(db: Db, orgId: string, systemId: string) {
  return db
    .selectFrom('ai_models')
    .select(['id', 'name', 'model_version', 'model_card_url', 'created_at'])
    .where('org_id', '=', orgId)
    .where('ai_system_id', '=', systemId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Evidence pushed for gates, with its title and validity, and whether it is still linked. */
function gateEvidence(db: Db, orgId: string) {
  return db
    .selectFrom('gate_evidence as g')
    .innerJoin('evidence as e', (j) =>
      j.onRef('e.org_id', '=', 'g.org_id').onRef('e.id', '=', 'g.evidence_id'),
    )
    .leftJoin('evidence_links as l', (j) =>
      j
        .onRef('l.org_id', '=', 'g.org_id')
        .onRef('l.evidence_id', '=', 'g.evidence_id')
        .on('l.target_type', '=', 'ai_system')
        .onRef('l.target_id', '=', 'g.ai_system_id'),
    )
    .select([
      'g.id',
      'g.ai_system_id',
      'g.kind',
      'g.model_version',
      'g.created_at',
      'e.id as evidence_id',
      'e.title',
      'e.filename',
      'e.blob_sha256',
      'e.valid_from',
      'e.valid_until',
      'l.id as link_id',
    ])
    .where('g.org_id', '=', orgId);
}

/**
 * Every piece of evidence pushed for a system's gates, newest first: what its gates are decided
 * on (a piece no longer linked to the system does not count).
 */
export function gateEvidenceOf(db: Db, orgId: string, systemId: string) {
  return gateEvidence(db, orgId)
    .where('g.ai_system_id', '=', systemId)
    .orderBy('g.id', 'desc')
    .execute();
}

export type GateEvidenceRow = Awaited<ReturnType<typeof gateEvidenceOf>>[number];

export function gateEvidenceById(db: Db, orgId: string, id: string) {
  return gateEvidence(db, orgId).where('g.id', '=', id).executeTakeFirstOrThrow();
}

export function gateEvidencePage(
  db: Db,
  orgId: string,
  page: PageQuery,
  filter: { aiSystemId?: string; kind?: string },
) {
  let q = gateEvidence(db, orgId);
  if (filter.aiSystemId) q = q.where('g.ai_system_id', '=', filter.aiSystemId);
  if (filter.kind) q = q.where('g.kind', '=', filter.kind);
  return keysetPage(q, page, {
    column: 'g.id',
    direction: 'desc',
    key: (r) => r.id,
  });
}

/** The gate checks of a system, newest first. */
export function checksPage(db: Db, orgId: string, systemId: string, page: PageQuery) {
  return keysetPage(
    db
      .selectFrom('gate_checks')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('ai_system_id', '=', systemId),
    page,
    { column: 'id', direction: 'desc', key: (r) => r.id },
  );
}

/** The fields an override list sorts by, and their columns. */
export const OVERRIDE_SORTS = ['createdAt', 'toStage', 'fromStage'] as const;
type OverrideSort = (typeof OVERRIDE_SORTS)[number];
const OVERRIDE_SORT_COLUMNS: Record<OverrideSort, string> = {
  createdAt: 'created_at',
  toStage: 'to_stage',
  fromStage: 'from_stage',
};

export interface OverrideFilter {
  /** Text the justification or the AI system's name holds, in any case. */
  q?: string | undefined;
  aiSystemId?: string | undefined;
  /** Only moves into this stage. */
  toStage?: string | undefined;
  sort?: string | undefined;
}

/** The overrides of failed gates, newest first unless sorted, narrowed by the filter. */
export function overridesPage(
  db: Db,
  dialect: Dialect,
  orgId: string,
  page: PageQuery,
  f: OverrideFilter = {},
) {
  let q = db.selectFrom('gate_overrides').selectAll().where('org_id', '=', orgId);
  if (f.q) {
    const text = f.q;
    q = q.where((eb) =>
      eb.or([
        matching(text, ['justification']),
        eb.exists(
          eb
            .selectFrom('ai_systems as s')
            .select('s.id')
            .where('s.org_id', '=', orgId)
            .whereRef('s.id', '=', 'gate_overrides.ai_system_id')
            .where(sql<SqlBool>`lower(s.name) like ${containing(text)} escape '\\'`),
        ),
      ]),
    );
  }
  if (f.aiSystemId) q = q.where('ai_system_id', '=', f.aiSystemId);
  if (f.toStage) q = q.where('to_stage', '=', f.toStage);
  if (f.sort) {
    const column = OVERRIDE_SORT_COLUMNS[f.sort.replace(/^-/, '') as OverrideSort];
    return sortedPage(q, dialect, { arg: f.sort, column }, page);
  }
  return keysetPage(q, page, { column: 'id', direction: 'desc', key: (r) => r.id });
}
