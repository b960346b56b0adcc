import { z } from 'zod';
import { ANNEX_A_CONTROL_IDS } from '../../catalog/index.js';
import { BlobTooLarge } from '../../blobs/store.js';
import { checkVersion, defineCommand, execute, type Tx } from '../../kernel/commands.js';
import { actorLabel } from '../../kernel/context.js';
import { AppError, notFound } from '../../kernel/errors.js';
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
import { insertRecord, loadRow, memberIdOf, updateRecord, today } from '../../kernel/records.js';

/**
 * Evidence: files (content-addressed), links and references to records, each valid for a period,
 * linked many-to-many to controls, requirements, risks and AI systems. Every upload, link, unlink
 * and download leaves a custody record in the ledger.
 */
export const TARGETS = ['control', 'requirement', 'risk', 'ai_system'] as const;
const date = z.iso.date('Must be a date (YYYY-MM-DD).');

const common = {
  title: z.string().trim().min(1).max(300).describe('What this evidence shows.'),
  description: z.string().max(20_000).nullable().optional(),
  validFrom: date.nullable().optional().describe('First day it counts as evidence.'),
  validUntil: date.nullable().optional().describe('Last day it counts; after that it is expired.'),
  ownerMemberId: uuid.nullable().optional(),
};
function checkDates(i: { validFrom?: string | null; validUntil?: string | null }) {
  if (i.validFrom && i.validUntil && i.validUntil < i.validFrom) {
    throw new AppError('INCONSISTENT_INPUT', 'The validity ends before it starts.', [
      { pointer: '/body/validUntil', message: 'Before validFrom.' },
    ]);
  }
}

export const fileFields = z.object(common).strict();
export const linkInput = z
  .object({
    ...common,
    kind: z.enum(['link', 'record']).describe('A URL, or a reference to a record in aims.'),
    url: z.url().max(2000).optional().describe('For a link.'),
    recordType: z
      .string()
      .max(60)
      .optional()
      .describe('For a record: its type, e.g. impact_assessments.'),
    recordId: uuid.optional().describe('For a record: its id.'),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.kind === 'link' && !v.url)
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'A link needs a URL.' });
    if (v.kind === 'record' && !(v.recordType && v.recordId))
      ctx.addIssue({
        code: 'custom',
        path: [v.recordType ? 'recordId' : 'recordType'],
        message: 'A record reference needs its type and id.',
      });
  });

async function custody(
  tx: Tx,
  orgId: string,
  evidenceId: string,
  event: string,
  sha: string | null,
) {
  await insertRecord(tx, orgId, 'custody_events', {
    evidence_id: evidenceId,
    event,
    blob_sha256: sha,
    actor: actorLabel(tx.ctx.actor),
  });
}

const row = (i: z.infer<typeof fileFields>) => ({
  title: i.title,
  description: i.description ?? null,
  valid_from: i.validFrom ?? null,
  valid_until: i.validUntil ?? null,
  owner_member_id: i.ownerMemberId ?? null,
});

/** Records an uploaded file (already in the blob store) as evidence. */
export const createFileEvidence = defineCommand({
  action: 'evidence.create',
  input: fileFields.extend({
    blob: z.object({
      sha256: z.string(),
      size: z.number(),
      filename: z.string(),
      mediaType: z.string(),
    }),
  }),
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    checkDates(input);
    const e = await insertRecord(tx, orgId, 'evidence', {
      ...row(input),
      owner_member_id: input.ownerMemberId ?? (await memberIdOf(tx, scope.access!)),
      kind: 'file',
      blob_sha256: input.blob.sha256,
      size: input.blob.size,
      media_type: input.blob.mediaType,
      filename: input.blob.filename,
      url: null,
      record_type: null,
      record_id: null,
    });
    await custody(tx, orgId, e.id, 'upload', input.blob.sha256);
    return e;
  },
});

export const createLinkEvidence = defineCommand({
  action: 'evidence.create',
  input: linkInput,
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    checkDates(input);
    if (input.kind === 'record') {
      const found = await (tx.db as any)
        .selectFrom(input.recordType!)
        .select('id')
        .where('org_id', '=', orgId)
        .where('id', '=', input.recordId!)
        .executeTakeFirst()
        .catch(() => null);
      if (!found)
        throw new AppError('UNKNOWN_REFERENCE', 'No such record.', [
          { pointer: '/body/recordId', message: 'No such record of that type.' },
        ]);
    }
    const e = await insertRecord(tx, orgId, 'evidence', {
      ...row(input),
      owner_member_id: input.ownerMemberId ?? (await memberIdOf(tx, scope.access!)),
      kind: input.kind,
      blob_sha256: null,
      size: null,
      media_type: null,
      filename: null,
      url: input.url ?? null,
      record_type: input.recordType ?? null,
      record_id: input.recordId ?? null,
    });
    await custody(tx, orgId, e.id, 'create', null);
    return e;
  },
});

export const updateEvidence = defineCommand({
  action: 'evidence.update',
  input: z
    .object({
      title: common.title.optional(),
      description: common.description,
      validFrom: common.validFrom,
      validUntil: common.validUntil,
      ownerMemberId: common.ownerMemberId,
    })
    .strict(),
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    const e = await loadRow(tx, 'evidence', orgId, scope.ids!.evidenceId!, 'evidence');
    checkVersion(e.version, scope.ifMatch);
    const next = {
      validFrom: input.validFrom !== undefined ? input.validFrom : e.valid_from,
      validUntil: input.validUntil !== undefined ? input.validUntil : e.valid_until,
    };
    checkDates(next);
    const changes: Record<string, unknown> = {};
    if (input.title !== undefined) changes.title = input.title;
    if (input.description !== undefined) changes.description = input.description;
    if (input.validFrom !== undefined) changes.valid_from = input.validFrom;
    if (input.validUntil !== undefined) changes.valid_until = input.validUntil;
    if (input.ownerMemberId !== undefined) changes.owner_member_id = input.ownerMemberId;
    return updateRecord(tx, orgId, 'evidence', e, changes);
  },
});

async function checkTarget(tx: Tx, orgId: string, type: string, id: string) {
  const bad = () =>
    new AppError('UNKNOWN_REFERENCE', `No such ${type.replace('_', ' ')}.`, [
      { pointer: '/body/targetId', message: `No such ${type.replace('_', ' ')}.` },
    ]);
  if (type === 'control') {
    if (ANNEX_A_CONTROL_IDS.includes(id)) return;
    const custom = await (tx.db as any)
      .selectFrom('soa_entries')
      .select('id')
      .where('org_id', '=', orgId)
      .where('control_id', '=', id)
      .executeTakeFirst();
    if (!custom) throw bad();
  } else if (type === 'requirement') {
    if (!/^(4|5|6|7|8|9|10)(\.\d{1,2}){1,2}$/.test(id)) throw bad();
  } else {
    const table = type === 'risk' ? 'risks' : 'ai_systems';
    const r = await (tx.db as any)
      .selectFrom(table)
      .select('id')
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!r) throw bad();
  }
}

export const linkEvidence = defineCommand({
  action: 'evidence.link',
  input: z
    .object({
      targetType: z.enum(TARGETS).describe('What the evidence supports.'),
      targetId: z
        .string()
        .min(1)
        .max(100)
        .describe('A control id (A.6.2.4), clause id (6.1.2), or a risk or AI system id.'),
    })
    .strict(),
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    const e = await loadRow(tx, 'evidence', orgId, scope.ids!.evidenceId!, 'evidence');
    await checkTarget(tx, orgId, input.targetType, input.targetId);
    const dup = await (tx.db as any)
      .selectFrom('evidence_links')
      .select('id')
      .where('org_id', '=', orgId)
      .where('evidence_id', '=', e.id)
      .where('target_type', '=', input.targetType)
      .where('target_id', '=', input.targetId)
      .executeTakeFirst();
    if (dup) throw new AppError('CONFLICT', 'Already linked.');
    const l = await insertRecord(tx, orgId, 'evidence_links', {
      evidence_id: e.id,
      target_type: input.targetType,
      target_id: input.targetId,
    });
    await custody(tx, orgId, e.id, `link:${input.targetType}:${input.targetId}`, e.blob_sha256);
    return l;
  },
});

export const unlinkEvidence = defineCommand({
  action: 'evidence.link',
  input: z.object({}).strict().optional(),
  async run(tx, _input, scope) {
    const orgId = scope.access!.orgId;
    const l = await loadRow(tx, 'evidence_links', orgId, scope.ids!.linkId!, 'link');
    if (l.evidence_id !== scope.ids!.evidenceId) throw notFound('link');
    await (tx.db as any).deleteFrom('evidence_links').where('id', '=', l.id).execute();
    tx.record(orgId, 'evidence_links', l.id, null);
    await custody(tx, orgId, l.evidence_id, `unlink:${l.target_type}:${l.target_id}`, null);
    return { id: l.id };
  },
});

export const recordDownload = defineCommand({
  action: 'evidence.download',
  input: z.object({}).strict().optional(),
  async run(tx, _input, scope) {
    const orgId = scope.access!.orgId;
    const e = await loadRow(tx, 'evidence', orgId, scope.ids!.evidenceId!, 'evidence');
    if (e.kind !== 'file')
      throw new AppError('INVALID_STATE', 'Only file evidence can be downloaded.');
    await custody(tx, orgId, e.id, 'download', e.blob_sha256);
    return e;
  },
});

type Row = Record<string, any>;
const evidenceView = z
  .object({
    id: z.string(),
    title: z.string(),
    kind: z.enum(['file', 'link', 'record']),
    description: z.string().nullable(),
    sha256: z.string().nullable(),
    size: z.number().int().nullable(),
    mediaType: z.string().nullable(),
    filename: z.string().nullable(),
    url: z.string().nullable(),
    recordType: z.string().nullable(),
    recordId: z.string().nullable(),
    validFrom: z.string().nullable(),
    validUntil: z.string().nullable(),
    state: z.enum(['valid', 'expired', 'not_yet_valid']),
    ownerMemberId: z.string().nullable(),
    links: z.array(z.object({ id: z.string(), targetType: z.string(), targetId: z.string() })),
    version: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'Evidence' });

async function views(db: any, orgId: string, rows: Row[], today: string) {
  const links = rows.length
    ? await db
        .selectFrom('evidence_links')
        .selectAll()
        .where('org_id', '=', orgId)
        .where(
          'evidence_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('id')
        .execute()
    : [];
  return rows.map((e) => ({
    id: e.id,
    title: e.title,
    kind: e.kind,
    description: e.description,
    sha256: e.blob_sha256,
    size: e.size === null ? null : Number(e.size),
    mediaType: e.media_type,
    filename: e.filename,
    url: e.url,
    recordType: e.record_type,
    recordId: e.record_id,
    validFrom: e.valid_from,
    validUntil: e.valid_until,
    state:
      e.valid_until && e.valid_until < today
        ? ('expired' as const)
        : e.valid_from && e.valid_from > today
          ? ('not_yet_valid' as const)
          : ('valid' as const),
    ownerMemberId: e.owner_member_id,
    links: links
      .filter((l: Row) => l.evidence_id === e.id)
      .map((l: Row) => ({ id: l.id, targetType: l.target_type, targetId: l.target_id })),
    version: e.version,
    createdAt: e.created_at,
  }));
}

const base = '/api/v1/orgs/:org/evidence';
const eParams = orgParam.extend({ evidenceId: uuid });
async function oneView(db: any, orgId: string, id: string, t: string) {
  const e = await db
    .selectFrom('evidence')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!e) throw notFound('evidence');
  return (await views(db, orgId, [e], t))[0]!;
}

export const evidenceRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: base,
    operationId: 'evidence.list',
    summary: 'Evidence, newest first; filter by what it supports or by expiry',
    tag: 'evidence',
    auth: 'org',
    action: 'evidence.read',
    params: orgParam,
    query: pageQuery.extend({
      targetType: z.enum(TARGETS).optional().describe('With targetId: only evidence linked to it.'),
      targetId: z.string().max(100).optional(),
      expiringBefore: date
        .optional()
        .describe('Only evidence whose validity ends before this date.'),
    }),
    response: { status: 200, schema: page(evidenceView), description: 'A page of evidence.' },
    async handler({ services, access, query }) {
      const db = services.database.db as any;
      let q = db.selectFrom('evidence').selectAll().where('org_id', '=', access.orgId);
      if (query.targetType && query.targetId) {
        const ids = db
          .selectFrom('evidence_links')
          .select('evidence_id')
          .where('org_id', '=', access.orgId)
          .where('target_type', '=', query.targetType)
          .where('target_id', '=', query.targetId);
        q = q.where('id', 'in', ids);
      }
      if (query.expiringBefore) q = q.where('valid_until', '<', query.expiringBefore);
      const after = decodeCursor(query.cursor);
      if (after) q = q.where('id', '<', after);
      const p = toPage(
        await q
          .orderBy('id', 'desc')
          .limit(query.limit + 1)
          .execute(),
        query.limit,
        (r: Row) => r.id,
      );
      return {
        body: { ...p, items: await views(db, access.orgId, p.items, today(services.now())) },
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${base}/files`,
    operationId: 'evidence.upload',
    summary:
      'Upload a file as evidence (multipart: fields title, description, validFrom, validUntil, then one file); streamed, content-addressed, deduplicated',
    tag: 'evidence',
    auth: 'org',
    action: 'evidence.create',
    params: orgParam,
    consumes: ['multipart/form-data'],
    response: { status: 201, schema: evidenceView, description: 'Stored.' },
    errors: [413, 422],
    async handler({ ctx, services, access, req }) {
      const fields: Record<string, string> = {};
      let blob: {
        sha256: string;
        size: number;
        filename: string;
        mediaType: string;
        created: boolean;
      } | null = null;
      try {
        for await (const part of req.parts()) {
          if (part.type === 'file') {
            if (blob)
              throw new AppError('VALIDATION_FAILED', 'Send one file per request.', [
                { pointer: '/body/file', message: 'Only one file.' },
              ]);
            const stored = await services.blobs.put(part.file, services.config.evidenceLimitBytes);
            blob = {
              ...stored,
              filename: (part.filename || 'file').slice(0, 255),
              mediaType: (part.mimetype || 'application/octet-stream').slice(0, 100),
            };
          } else fields[part.fieldname] = String(part.value);
        }
      } catch (e) {
        if (blob?.created) services.blobs.discard(blob.sha256);
        if (
          e instanceof BlobTooLarge ||
          (e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE'
        ) {
          throw new AppError(
            'PAYLOAD_TOO_LARGE',
            `The file is larger than ${services.config.evidenceLimitBytes} bytes.`,
          );
        }
        if (e instanceof AppError || (e as { statusCode?: number }).statusCode) throw e;
        // The multipart parser's own complaints (no boundary, a cut-off part) are the client's.
        throw new AppError(
          'MALFORMED_MULTIPART',
          `The multipart body cannot be read: ${(e as Error).message}`,
        );
      }
      if (!blob)
        throw new AppError('VALIDATION_FAILED', 'No file in the request.', [
          { pointer: '/body/file', message: 'Required.' },
        ]);
      const raw = Object.fromEntries(
        Object.entries(fields).map(([k, v]) => [k, v === '' ? null : v]),
      );
      try {
        const e = await execute(
          ctx,
          createFileEvidence,
          {
            ...raw,
            blob: {
              sha256: blob.sha256,
              size: blob.size,
              filename: blob.filename,
              mediaType: blob.mediaType,
            },
          },
          { access },
        );
        return {
          body: await oneView(services.database.db, access.orgId, e.id, today(services.now())),
          etag: e.version,
        };
      } catch (err) {
        // A failed upload leaves nothing behind: the blob goes unless it was there before.
        if (blob.created) services.blobs.discard(blob.sha256);
        throw err;
      }
    },
  }),
  defineRoute({
    method: 'POST',
    url: base,
    operationId: 'evidence.create',
    summary: 'Record a link or a reference to a record in aims as evidence',
    tag: 'evidence',
    auth: 'org',
    action: 'evidence.create',
    params: orgParam,
    body: linkInput,
    example: {
      kind: 'link',
      title: 'Model card on the internal wiki',
      url: 'https://wiki.example.com/models/triage',
      validUntil: '2027-12-31',
    },
    response: { status: 201, schema: evidenceView, description: 'Recorded.' },
    errors: [422],
    async handler({ ctx, services, access, rawBody }) {
      const e = await execute(ctx, createLinkEvidence, rawBody, { access });
      return {
        body: await oneView(services.database.db, access.orgId, e.id, today(services.now())),
        etag: e.version,
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:evidenceId`,
    operationId: 'evidence.get',
    summary: 'One piece of evidence with its links',
    tag: 'evidence',
    auth: 'org',
    action: 'evidence.read',
    params: eParams,
    response: { status: 200, schema: evidenceView, description: 'The evidence.' },
    async handler({ services, access, params }) {
      const v = await oneView(
        services.database.db,
        access.orgId,
        params.evidenceId,
        today(services.now()),
      );
      return { body: v, etag: v.version };
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: `${base}/:evidenceId`,
    operationId: 'evidence.update',
    summary: 'Change the title, description, owner or validity of evidence',
    tag: 'evidence',
    auth: 'org',
    action: 'evidence.update',
    params: eParams,
    body: updateEvidence.input,
    example: { validUntil: '2027-06-30' },
    ifMatch: true,
    response: { status: 200, schema: evidenceView, description: 'Updated.' },
    errors: [422],
    async handler({ ctx, services, access, params, rawBody, ifMatch }) {
      await execute(ctx, updateEvidence, rawBody, {
        access,
        ids: { evidenceId: params.evidenceId },
        ifMatch,
      });
      const v = await oneView(
        services.database.db,
        access.orgId,
        params.evidenceId,
        today(services.now()),
      );
      return { body: v, etag: v.version };
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${base}/:evidenceId/links`,
    operationId: 'evidence.link',
    summary: 'Link evidence to a control, requirement, risk or AI system',
    tag: 'evidence',
    auth: 'org',
    action: 'evidence.link',
    params: eParams,
    body: linkEvidence.input,
    example: { targetType: 'control', targetId: 'A.6.2.4' },
    response: {
      status: 201,
      schema: evidenceView,
      description: 'Linked; the evidence with its links.',
    },
    errors: [409, 422],
    async handler({ ctx, services, access, params, rawBody }) {
      await execute(ctx, linkEvidence, rawBody, { access, ids: { evidenceId: params.evidenceId } });
      return {
        body: await oneView(
          services.database.db,
          access.orgId,
          params.evidenceId,
          today(services.now()),
        ),
      };
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: `${base}/:evidenceId/links/:linkId`,
    operationId: 'evidence.unlink',
    summary: 'Remove a link (the evidence and its file stay)',
    tag: 'evidence',
    auth: 'org',
    action: 'evidence.link',
    params: eParams.extend({ linkId: uuid }),
    response: { status: 204, schema: null, description: 'Unlinked.' },
    async handler({ ctx, access, params }) {
      await execute(ctx, unlinkEvidence, undefined, {
        access,
        ids: { evidenceId: params.evidenceId, linkId: params.linkId },
      });
      return {};
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:evidenceId/download`,
    operationId: 'evidence.download',
    summary:
      'Download a file: its bytes are checked against the recorded SHA-256 first, and the download is recorded',
    tag: 'evidence',
    auth: 'org',
    action: 'evidence.download',
    params: eParams,
    response: {
      status: 200,
      schema: null,
      description: 'The file.',
      files: ['application/octet-stream'],
    },
    errors: [409],
    async handler({ ctx, services, access, params, reply }) {
      const e = await loadRowPlain(services.database.db, access.orgId, params.evidenceId);
      if (e.kind !== 'file')
        throw new AppError('INVALID_STATE', 'Only file evidence can be downloaded.');
      if (!(await services.blobs.verify(e.blob_sha256))) {
        throw new AppError(
          'BLOB_CORRUPT',
          'The stored file no longer matches its recorded SHA-256; it is not served.',
        );
      }
      await execute(ctx, recordDownload, undefined, { access, ids: { evidenceId: e.id } });
      reply.header('x-content-sha256', e.blob_sha256);
      return {
        file: {
          contentType: e.media_type ?? 'application/octet-stream',
          filename: String(e.filename).replace(/["\r\n]/g, '_'),
          data: services.blobs.read(e.blob_sha256) as unknown as Buffer,
        },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:evidenceId/custody`,
    operationId: 'evidence.custody',
    summary: 'The chain of custody of a piece of evidence, oldest first',
    tag: 'evidence',
    auth: 'org',
    action: 'evidence.read',
    params: eParams,
    query: pageQuery,
    response: {
      status: 200,
      schema: page(
        z.object({
          id: z.string(),
          event: z.string(),
          sha256: z.string().nullable(),
          actor: z.string(),
          at: z.string(),
        }),
      ),
      description: 'A page of custody events.',
    },
    async handler({ services, access, params, query }) {
      const db = services.database.db as any;
      await loadRowPlain(db, access.orgId, params.evidenceId);
      let q = db
        .selectFrom('custody_events')
        .selectAll()
        .where('org_id', '=', access.orgId)
        .where('evidence_id', '=', params.evidenceId);
      const after = decodeCursor(query.cursor);
      if (after) q = q.where('id', '>', after);
      const p = toPage(
        await q
          .orderBy('id')
          .limit(query.limit + 1)
          .execute(),
        query.limit,
        (r: Row) => r.id,
      );
      return {
        body: {
          ...p,
          items: p.items.map((c: Row) => ({
            id: c.id,
            event: c.event,
            sha256: c.blob_sha256,
            actor: c.actor,
            at: c.created_at,
          })),
        },
      };
    },
  }),
];

async function loadRowPlain(db: any, orgId: string, id: string) {
  const e = await db
    .selectFrom('evidence')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!e) throw notFound('evidence');
  return e as Row;
}
