import { z } from 'zod';
import { ANNEXES } from '../../catalog/index.js';
import { checkVersion, defineCommand, execute, type Tx } from '../../kernel/commands.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { sha256Hex } from '../../kernel/ids.js';
import { canonicalize } from '../../kernel/jcs.js';
import {
  decodeCursor,
  defineRoute,
  orgParam,
  page,
  pageQuery,
  toPage,
  uuid,
  type RouteSpec,
} from '../../api/route.js';
import { FILE_TYPES, tableFile } from '../../interop/tabular.js';
import {
  assertNotAuthor,
  insertRecord,
  loadRow,
  memberIdOf,
  updateRecord,
  today,
} from '../../kernel/records.js';

/**
 * The Statement of Applicability (6.1.3): every Annex A control and the organization's own
 * controls, each applicable or not with a justification either way, its implementation status,
 * owner, the risks it treats (from the risk register) and its evidence. Approved versions are
 * frozen snapshots with a content hash.
 */
export const IMPLEMENTATION = [
  'not_started',
  'planned',
  'partial',
  'implemented',
  'not_applicable',
] as const;
const CONTROLS = ANNEXES.annexA.domains.flatMap((d) =>
  d.controls.map((c) => ({ ...c, domain: d.id, domainTitle: d.title })),
);
const byId = new Map(CONTROLS.map((c) => [c.id, c]));
const customId = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9._-]{0,29}$/, 'Upper-case letters, digits, dots, hyphens.')
  .refine((s) => !/^A\.\d/.test(s), 'Annex A identifiers are reserved.');
const controlId = z
  .string()
  .max(30)
  .describe('An Annex A control (A.6.2.4) or one of the organization’s own controls.');

export const decideInput = z
  .object({
    applicable: z.boolean().describe('Whether the control applies.'),
    justification: z
      .string()
      .trim()
      .min(1, 'Justify the decision: inclusion and exclusion both need a reason.')
      .max(20_000)
      .describe('Why it is included or excluded.'),
    implementationStatus: z
      .enum(IMPLEMENTATION)
      .optional()
      .describe('How far it is implemented (not_applicable when excluded).'),
    ownerMemberId: uuid.nullable().optional(),
    notes: z.string().max(20_000).nullable().optional(),
  })
  .strict();

async function entry(db: any, orgId: string, cid: string) {
  return db
    .selectFrom('soa_entries')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('control_id', '=', cid)
    .executeTakeFirst();
}

export const decideControl = defineCommand({
  action: 'soa.update',
  input: decideInput,
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    const cid = scope.ids!.controlId!;
    const existing = await entry(tx.db, orgId, cid);
    if (!byId.has(cid) && !existing) throw notFound('control');
    if (input.ownerMemberId) {
      const m = await tx.db
        .selectFrom('memberships')
        .select('id')
        .where('org_id', '=', orgId)
        .where('id', '=', input.ownerMemberId)
        .executeTakeFirst();
      if (!m)
        throw new AppError('UNKNOWN_REFERENCE', 'No such member.', [
          { pointer: '/body/ownerMemberId', message: 'No such member of this organization.' },
        ]);
    }
    const status = input.applicable
      ? (input.implementationStatus ?? existing?.implementation_status ?? 'not_started')
      : 'not_applicable';
    if (input.applicable && status === 'not_applicable') {
      throw new AppError(
        'INCONSISTENT_INPUT',
        'An applicable control needs an implementation status other than not_applicable.',
        [{ pointer: '/body/implementationStatus', message: 'Contradicts applicable.' }],
      );
    }
    if (
      !input.applicable &&
      input.implementationStatus &&
      input.implementationStatus !== 'not_applicable'
    ) {
      throw new AppError('INCONSISTENT_INPUT', 'An excluded control is not implemented.', [
        { pointer: '/body/implementationStatus', message: 'Contradicts the exclusion.' },
      ]);
    }
    const values = {
      applicable: input.applicable ? 1 : 0,
      justification: input.justification,
      implementation_status: status,
      owner_member_id: input.ownerMemberId ?? existing?.owner_member_id ?? null,
      notes: input.notes !== undefined ? input.notes : (existing?.notes ?? null),
    };
    if (existing) {
      checkVersion(existing.version, scope.ifMatch);
      return updateRecord(tx, orgId, 'soa_entries', existing, values);
    }
    return insertRecord(tx, orgId, 'soa_entries', {
      control_id: cid,
      custom: 0,
      title: byId.get(cid)!.title,
      ...values,
    });
  },
});

export const addCustomControl = defineCommand({
  action: 'soa.update',
  input: z
    .object({
      controlId: customId.describe('Your identifier, e.g. ORG-7.'),
      title: z.string().trim().min(1).max(300),
      justification: z.string().trim().min(1, 'Justify the inclusion.').max(20_000),
    })
    .strict(),
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    if (await entry(tx.db, orgId, input.controlId))
      throw new AppError('CONFLICT', `The control ${input.controlId} exists.`, [
        { pointer: '/body/controlId', message: 'Taken.' },
      ]);
    return insertRecord(tx, orgId, 'soa_entries', {
      control_id: input.controlId,
      custom: 1,
      title: input.title,
      applicable: 1,
      justification: input.justification,
      implementation_status: 'not_started',
      owner_member_id: null,
      notes: null,
    });
  },
});

type Row = Record<string, any>;

/** The whole statement as it stands: catalog order, then the organization's own controls. */
export async function soaRows(db: any, orgId: string, today: string) {
  const entries: Row[] = await db
    .selectFrom('soa_entries')
    .selectAll()
    .where('org_id', '=', orgId)
    .execute();
  const byControl = new Map(entries.map((e) => [e.control_id, e]));
  const risks: Row[] = await db
    .selectFrom('risks')
    .select(['id', 'control_ids'])
    .where('org_id', '=', orgId)
    .execute();
  const riskIds = new Map<string, string[]>();
  for (const r of risks)
    for (const c of JSON.parse(r.control_ids ?? '[]') as string[])
      riskIds.set(c, [...(riskIds.get(c) ?? []), r.id]);
  const links: Row[] = await db
    .selectFrom('evidence_links as l')
    .innerJoin('evidence as e', 'e.id', 'l.evidence_id')
    .select(['l.target_id', 'e.id', 'e.valid_until'])
    .where('l.org_id', '=', orgId)
    .where('l.target_type', '=', 'control')
    .execute();
  const ev = new Map<string, { valid: number; expired: number }>();
  for (const l of links) {
    const s = ev.get(l.target_id) ?? { valid: 0, expired: 0 };
    if (l.valid_until && l.valid_until < today) s.expired++;
    else s.valid++;
    ev.set(l.target_id, s);
  }
  const row = (cid: string, title: string, domain: string | null, custom: boolean) => {
    const e = byControl.get(cid);
    return {
      controlId: cid,
      title,
      domain,
      custom,
      applicable: e ? e.applicable === 1 : null,
      justification: e?.justification ?? null,
      implementationStatus: e?.implementation_status ?? null,
      ownerMemberId: e?.owner_member_id ?? null,
      notes: e?.notes ?? null,
      riskIds: riskIds.get(cid) ?? [],
      evidence: ev.get(cid) ?? { valid: 0, expired: 0 },
      version: e?.version ?? 0,
    };
  };
  return [
    ...CONTROLS.map((c) => row(c.id, c.title, c.domain, false)),
    ...entries
      .filter((e) => e.custom === 1)
      .sort((a, b) => (a.control_id < b.control_id ? -1 : 1))
      .map((e) => row(e.control_id, e.title, null, true)),
  ];
}

const soaView = z
  .object({
    controlId: z.string(),
    title: z.string(),
    domain: z.string().nullable(),
    custom: z.boolean(),
    applicable: z.boolean().nullable().describe('Null until decided.'),
    justification: z.string().nullable(),
    implementationStatus: z.string().nullable(),
    ownerMemberId: z.string().nullable(),
    notes: z.string().nullable(),
    riskIds: z.array(z.string()).describe('Risks in the register that this control treats.'),
    evidence: z.object({ valid: z.number().int(), expired: z.number().int() }),
    version: z.number().int().describe('0 until the control is decided.'),
  })
  .meta({ id: 'SoaEntry' });

export const snapshotSoa = defineCommand({
  action: 'soa.update',
  input: z.object({ changeNote: z.string().max(2000).nullable().optional() }).strict(),
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    const open = await (tx.db as any)
      .selectFrom('soa_versions')
      .select('number')
      .where('org_id', '=', orgId)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    if (open)
      throw new AppError('INVALID_STATE', `Version ${open.number} is waiting for approval.`);
    const rows = await soaRows(tx.db, orgId, tx.now.slice(0, 10));
    const undecided = rows.filter((r) => r.applicable === null).map((r) => r.controlId);
    if (undecided.length)
      throw new AppError(
        'INVALID_STATE',
        `Decide every control first; undecided: ${undecided.slice(0, 10).join(', ')}${undecided.length > 10 ? '…' : ''}.`,
      );
    const snapshot = canonicalize(rows.map(({ version: _v, evidence: _e, ...r }) => r));
    const last = await (tx.db as any)
      .selectFrom('soa_versions')
      .select((eb: any) => eb.fn.max('number').as('n'))
      .where('org_id', '=', orgId)
      .executeTakeFirst();
    return insertRecord(tx, orgId, 'soa_versions', {
      number: Number(last?.n ?? 0) + 1,
      status: 'draft',
      snapshot,
      content_sha256: sha256Hex(snapshot),
      change_note: input.changeNote ?? null,
      author_member_id: await memberIdOf(tx, scope.access!),
      approver_member_id: null,
      approved_at: null,
    });
  },
});

export const approveSoa = defineCommand({
  action: 'soa.approve',
  input: z.object({}).strict().optional(),
  async run(tx: Tx, _input, scope) {
    const orgId = scope.access!.orgId;
    const v = await loadRow(tx, 'soa_versions', orgId, scope.ids!.soaVersionId!, 'SoA version');
    checkVersion(v.version, scope.ifMatch);
    if (v.status !== 'draft')
      throw new AppError('INVALID_STATE', `Version ${v.number} is already ${v.status}.`);
    const me = await memberIdOf(tx, scope.access!);
    assertNotAuthor(v.author_member_id, me, 'Statement of Applicability version');
    const prev = await (tx.db as any)
      .selectFrom('soa_versions')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('status', '=', 'approved')
      .execute();
    for (const p of prev)
      await updateRecord(tx, orgId, 'soa_versions', p, { status: 'superseded' });
    return updateRecord(tx, orgId, 'soa_versions', v, {
      status: 'approved',
      approver_member_id: me,
      approved_at: tx.now,
    });
  },
});

const versionView = z
  .object({
    id: z.string(),
    number: z.number().int(),
    status: z.string(),
    contentSha256: z.string(),
    changeNote: z.string().nullable(),
    authorMemberId: z.string().nullable(),
    approverMemberId: z.string().nullable(),
    approvedAt: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'SoaVersion' });
const versionOut = (v: Row) => ({
  id: v.id,
  number: Number(v.number),
  status: v.status,
  contentSha256: v.content_sha256,
  changeNote: v.change_note,
  authorMemberId: v.author_member_id,
  approverMemberId: v.approver_member_id,
  approvedAt: v.approved_at,
  version: v.version,
});

const cParams = orgParam.extend({ controlId });

export const soaRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/soa',
    operationId: 'soa.list',
    summary:
      'The Statement of Applicability: every control with its decision, status, risks and evidence',
    tag: 'soa',
    auth: 'org',
    action: 'soa.read',
    params: orgParam,
    query: pageQuery.extend({
      applicable: z
        .enum(['true', 'false', 'undecided'])
        .optional()
        .describe('Only included, excluded or undecided controls.'),
    }),
    response: {
      status: 200,
      schema: page(soaView),
      description: 'A page of controls, in catalog order.',
    },
    async handler({ services, access, query }) {
      let rows = await soaRows(services.database.db, access.orgId, today(services.now()));
      if (query.applicable)
        rows = rows.filter((r) =>
          query.applicable === 'undecided'
            ? r.applicable === null
            : r.applicable === (query.applicable === 'true'),
        );
      let start = 0;
      if (query.cursor) {
        const after = Buffer.from(query.cursor, 'base64url').toString();
        start = rows.findIndex((r) => r.controlId === after) + 1;
        if (start === 0)
          throw new AppError('VALIDATION_FAILED', 'The cursor is not one this API gave out.', [
            { pointer: '/query/cursor', message: 'Unknown cursor.' },
          ]);
      }
      return {
        body: toPage(rows.slice(start, start + query.limit + 1), query.limit, (r) => r.controlId),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/soa/export',
    operationId: 'soa.export',
    summary: 'The Statement of Applicability as the table an auditor expects (XLSX, PDF or CSV)',
    tag: 'soa',
    auth: 'org',
    action: 'soa.read',
    params: orgParam,
    query: z.object({
      format: z.enum(['xlsx', 'pdf', 'csv']).default('xlsx').describe('File format.'),
    }),
    response: { status: 200, schema: null, description: 'The statement.', files: FILE_TYPES },
    async handler({ services, access, query }) {
      const db = services.database.db as any;
      const rows = await soaRows(db, access.orgId, today(services.now()));
      const approved = await db
        .selectFrom('soa_versions')
        .selectAll()
        .where('org_id', '=', access.orgId)
        .where('status', '=', 'approved')
        .executeTakeFirst();
      const records = rows.map((r) => ({
        ...r,
        applicable: r.applicable === null ? 'undecided' : r.applicable ? 'yes' : 'no',
        risks: r.riskIds.length,
        evidence: `${r.evidence.valid} valid${r.evidence.expired ? `, ${r.evidence.expired} expired` : ''}`,
      }));
      const sub = approved
        ? `${access.slug} - approved version ${approved.number} on ${String(approved.approved_at).slice(0, 10)} (sha256 ${String(approved.content_sha256).slice(0, 16)}…); current state shown`
        : `${access.slug} - no approved version yet; current state shown`;
      const cols = [
        { key: 'controlId', header: 'Control', width: 5 },
        { key: 'title', header: 'Title', width: 14 },
        { key: 'applicable', header: 'Applicable', width: 5 },
        { key: 'justification', header: 'Justification', width: 24 },
        { key: 'implementationStatus', header: 'Implementation', width: 7 },
        { key: 'risks', header: 'Risks', width: 3 },
        { key: 'evidence', header: 'Evidence', width: 7 },
      ];
      return {
        file: await tableFile(
          query.format,
          `${access.slug}-statement-of-applicability`,
          'Statement of Applicability (ISO/IEC 42001 6.1.3)',
          sub,
          cols,
          records,
          services.now(),
        ),
      };
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/orgs/:org/soa/:controlId',
    operationId: 'soa.decide',
    summary: 'Decide a control: applicable or not, with a justification either way',
    tag: 'soa',
    auth: 'org',
    action: 'soa.update',
    params: cParams,
    body: decideInput,
    example: {
      applicable: false,
      justification: 'We build no AI systems in-house; development controls do not apply.',
    },
    ifMatch: true,
    response: { status: 200, schema: soaView, description: 'The control as decided.' },
    errors: [422],
    async handler({ ctx, services, access, params, rawBody, ifMatch }) {
      await execute(ctx, decideControl, rawBody, {
        access,
        ids: { controlId: params.controlId },
        ifMatch,
      });
      const r = (await soaRows(services.database.db, access.orgId, today(services.now()))).find(
        (x) => x.controlId === params.controlId,
      )!;
      return { body: r, etag: r.version };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/orgs/:org/soa/controls',
    operationId: 'soa.add_control',
    summary: "Add one of the organization's own controls",
    tag: 'soa',
    auth: 'org',
    action: 'soa.update',
    params: orgParam,
    body: addCustomControl.input,
    example: {
      controlId: 'ORG-1',
      title: 'Model release board',
      justification: 'Required by our group policy.',
    },
    response: { status: 201, schema: soaView, description: 'Added.' },
    errors: [409],
    async handler({ ctx, services, access, rawBody }) {
      const e = await execute(ctx, addCustomControl, rawBody, { access });
      const r = (await soaRows(services.database.db, access.orgId, today(services.now()))).find(
        (x) => x.controlId === e.control_id,
      )!;
      return { body: r, etag: r.version };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/soa-versions',
    operationId: 'soa.versions',
    summary: 'Versions of the Statement of Applicability, newest first',
    tag: 'soa',
    auth: 'org',
    action: 'soa.read',
    params: orgParam,
    query: pageQuery,
    response: { status: 200, schema: page(versionView), description: 'A page of versions.' },
    async handler({ services, access, query }) {
      let q = (services.database.db as any)
        .selectFrom('soa_versions')
        .selectAll()
        .where('org_id', '=', access.orgId);
      const after = decodeCursor(query.cursor);
      if (after !== undefined) {
        if (!/^\d+$/.test(after))
          throw new AppError('VALIDATION_FAILED', 'The cursor is not one this API gave out.', [
            { pointer: '/query/cursor', message: 'Unknown cursor.' },
          ]);
        q = q.where('number', '<', Number(after));
      }
      const p = toPage(
        await q
          .orderBy('number', 'desc')
          .limit(query.limit + 1)
          .execute(),
        query.limit,
        (r: Row) => String(r.number),
      );
      return { body: { ...p, items: p.items.map(versionOut) } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/orgs/:org/soa-versions',
    operationId: 'soa.snapshot',
    summary: 'Freeze the statement as a version for approval (every control must be decided)',
    tag: 'soa',
    auth: 'org',
    action: 'soa.update',
    params: orgParam,
    body: snapshotSoa.input,
    example: { changeNote: 'Yearly review' },
    response: { status: 201, schema: versionView, description: 'The draft version.' },
    errors: [409, 422],
    async handler({ ctx, access, rawBody }) {
      const v = await execute(ctx, snapshotSoa, rawBody ?? {}, { access });
      return { body: versionOut(v), etag: v.version };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/orgs/:org/soa-versions/:soaVersionId/approve',
    operationId: 'soa.approve',
    summary: 'Approve a version (not by its author); the previous approved one is superseded',
    tag: 'soa',
    auth: 'org',
    action: 'soa.approve',
    params: orgParam.extend({ soaVersionId: uuid }),
    ifMatch: true,
    response: { status: 200, schema: versionView, description: 'Approved.' },
    errors: [409, 422],
    async handler({ ctx, access, params, ifMatch }) {
      const v = await execute(ctx, approveSoa, undefined, {
        access,
        ids: { soaVersionId: params.soaVersionId },
        ifMatch,
      });
      return { body: versionOut(v), etag: v.version };
    },
  }),
];
