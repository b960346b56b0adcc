import { z } from 'zod';
import { ANNEX_A_CONTROL_IDS, frameworkEntry } from '../../catalog/index.js';
import { LEDGERED } from '../../db/schema.js';
import { orgCommand, type OrgTx, type Tx } from '../../kernel/commands.js';
import { actorLabel } from '../../kernel/context.js';
import { AppError, notFound } from '../../kernel/errors.js';
import {
  deleteRecord,
  insertRecord,
  loadRecord,
  updateRecord,
  type RecordChanges,
  type RecordTable,
} from '../../kernel/records.js';
import { assertInOrg } from '../../kernel/references.js';
import { importedFrameworkEntries, isLinked, ownControlExists } from './queries.js';
import {
  commonFields,
  evidenceId,
  linkId,
  linkInput,
  storedBlob,
  targetFields,
  updateFields,
  type TargetType,
} from './schemas.js';

/** Appends a custody record: who did what to which evidence (and which bytes), when. */
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

function checkDates(i: { validFrom?: string | null; validUntil?: string | null }) {
  if (i.validFrom && i.validUntil && i.validUntil < i.validFrom) {
    throw new AppError('INCONSISTENT_INPUT', 'The validity ends before it starts.', [
      { pointer: '/body/validUntil', message: 'Before validFrom.' },
    ]);
  }
}

const checkOwner = (tx: OrgTx, ownerMemberId: string | null | undefined) =>
  assertInOrg(tx, { ownerMemberId: ['memberships', ownerMemberId] });

/** The tables a record reference may name: every ledgered record table of an organization. */
const isRecordTable = (t: string): t is RecordTable => Object.hasOwn(LEDGERED, t) && t !== 'orgs';

const fileInput = z.object({ ...commonFields, blob: storedBlob }).strict();

/** Records an uploaded file (already in the blob store) as evidence; custody: upload. */
export const createFileEvidence = orgCommand({
  action: 'evidence.create',
  input: fileInput,
  async run(tx, input) {
    const orgId = tx.org.orgId;
    checkDates(input);
    await checkOwner(tx, input.ownerMemberId);
    const e = await insertRecord(tx, orgId, 'evidence', {
      title: input.title,
      description: input.description ?? null,
      valid_from: input.validFrom ?? null,
      valid_until: input.validUntil ?? null,
      owner_member_id: input.ownerMemberId ?? tx.org.memberId,
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

/** Records a URL, or a reference to a record in aims, as evidence; custody: create. */
export const createLinkEvidence = orgCommand({
  action: 'evidence.create',
  input: linkInput,
  async run(tx, input) {
    const orgId = tx.org.orgId;
    if (input.kind === 'link' && !input.url)
      throw new AppError('VALIDATION_FAILED', 'The request has invalid fields.', [
        { pointer: '/body/url', message: 'A link needs a URL.' },
      ]);
    // A record reference (needed by kind record) is checked whenever one is given.
    const given = input.recordType !== undefined || input.recordId !== undefined;
    if ((input.kind === 'record' || given) && !(input.recordType && input.recordId))
      throw new AppError('VALIDATION_FAILED', 'The request has invalid fields.', [
        {
          pointer: input.recordType ? '/body/recordId' : '/body/recordType',
          message: 'A record reference needs its type and id.',
        },
      ]);
    checkDates(input);
    await checkOwner(tx, input.ownerMemberId);
    if (input.recordType && input.recordId) {
      const type = input.recordType;
      if (!isRecordTable(type))
        throw new AppError('UNKNOWN_REFERENCE', 'No such record.', [
          { pointer: '/body/recordId', message: 'No such record of that type.' },
        ]);
      await assertInOrg(tx, { recordId: [type, input.recordId, 'record of that type'] });
    }
    const e = await insertRecord(tx, orgId, 'evidence', {
      title: input.title,
      description: input.description ?? null,
      valid_from: input.validFrom ?? null,
      valid_until: input.validUntil ?? null,
      owner_member_id: input.ownerMemberId ?? tx.org.memberId,
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

/** Changes the title, description, owner or validity; what it shows (file, URL) stays. */
export const updateEvidence = orgCommand({
  action: 'evidence.update',
  input: z.object({ ...updateFields, evidenceId }).strict(),
  pathIds: ['evidenceId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const e = await loadRecord(tx.db, 'evidence', orgId, input.evidenceId, 'evidence');
    tx.expectVersion(e.version);
    checkDates({
      validFrom: input.validFrom !== undefined ? input.validFrom : e.valid_from,
      validUntil: input.validUntil !== undefined ? input.validUntil : e.valid_until,
    });
    await checkOwner(tx, input.ownerMemberId);
    const changes: RecordChanges<'evidence'> = {};
    if (input.title !== undefined) changes.title = input.title;
    if (input.description !== undefined) changes.description = input.description;
    if (input.validFrom !== undefined) changes.valid_from = input.validFrom;
    if (input.validUntil !== undefined) changes.valid_until = input.validUntil;
    if (input.ownerMemberId !== undefined) changes.owner_member_id = input.ownerMemberId;
    return updateRecord(tx, orgId, 'evidence', e, changes);
  },
});

/** The table of each kind of record evidence can support. */
const RECORD_TABLES = { risk: 'risks', ai_system: 'ai_systems', incident: 'incidents' } as const;

/**
 * What a link targets: a control or requirement of the catalog (or an own control), a requirement
 * of another framework in the catalog (`<framework>:<ref>`), or a record.
 */
async function checkTarget(tx: OrgTx, orgId: string, type: TargetType, id: string) {
  const what = type.replace('_', ' ');
  if (type === 'risk' || type === 'ai_system' || type === 'incident')
    return assertInOrg(tx, { targetId: [RECORD_TABLES[type], id, what] });
  if (type === 'framework_requirement') {
    const [framework, ...rest] = id.split(':');
    const ref = rest.join(':');
    const entry = frameworkEntry(framework!, ref);
    if (entry && entry.kind !== 'group') return;
    // Or a control of a framework the organization imported as an OSCAL catalog, under its key.
    const imported = entry ? undefined : await importedFrameworkEntries(tx.db, orgId, framework!);
    if (imported?.some((e) => e.kind === 'control' && e.ref === ref)) return;
    throw new AppError('UNKNOWN_REFERENCE', 'No such requirement of another framework.', [
      {
        pointer: '/body/targetId',
        message:
          'Not a requirement in the catalog or of an imported framework: give <framework>:<ref>, e.g. iso27001:A.5.24, soc2:CC6.1 or <imported key>:<control id>.',
      },
    ]);
  }
  const known =
    type === 'control'
      ? ANNEX_A_CONTROL_IDS.includes(id) || (await ownControlExists(tx.db, orgId, id))
      : /^(4|5|6|7|8|9|10)(\.\d{1,2}){1,2}$/.test(id);
  if (!known)
    throw new AppError('UNKNOWN_REFERENCE', `No such ${what}.`, [
      { pointer: '/body/targetId', message: `No such ${what}.` },
    ]);
}

/** Links evidence to what it supports; custody: link:<type>:<id>. */
export const linkEvidence = orgCommand({
  action: 'evidence.link',
  input: z.object({ ...targetFields, evidenceId }).strict(),
  pathIds: ['evidenceId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const e = await loadRecord(tx.db, 'evidence', orgId, input.evidenceId, 'evidence');
    await checkTarget(tx, orgId, input.targetType, input.targetId);
    if (await isLinked(tx.db, orgId, e.id, input.targetType, input.targetId))
      throw new AppError('CONFLICT', 'Already linked.');
    const l = await insertRecord(tx, orgId, 'evidence_links', {
      evidence_id: e.id,
      target_type: input.targetType,
      target_id: input.targetId,
    });
    await custody(tx, orgId, e.id, `link:${input.targetType}:${input.targetId}`, e.blob_sha256);
    return { evidence: e, link: l };
  },
});

/** Removes a link (the evidence and its file stay); custody: unlink:<type>:<id>. */
export const unlinkEvidence = orgCommand({
  action: 'evidence.link',
  input: z.object({ evidenceId, linkId }).strict(),
  pathIds: ['evidenceId', 'linkId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const l = await loadRecord(tx.db, 'evidence_links', orgId, input.linkId, 'link');
    if (l.evidence_id !== input.evidenceId) throw notFound('link');
    await deleteRecord(tx, orgId, 'evidence_links', l.id);
    await custody(tx, orgId, l.evidence_id, `unlink:${l.target_type}:${l.target_id}`, null);
    return { id: l.id };
  },
});

/** Records that a file was handed out (after its bytes were checked); custody: download. */
export const recordDownload = orgCommand({
  action: 'evidence.download',
  input: z.object({ evidenceId }).strict(),
  pathIds: ['evidenceId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const e = await loadRecord(tx.db, 'evidence', orgId, input.evidenceId, 'evidence');
    if (e.kind !== 'file')
      throw new AppError('INVALID_STATE', 'Only file evidence can be downloaded.');
    await custody(tx, orgId, e.id, 'download', e.blob_sha256);
    return e;
  },
});
