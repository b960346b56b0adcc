import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDocument } from '../../../test/factories/documents.js';
import { DIALECTS } from '../../../test/harness.js';
import { openUnit, runAndRecord, type Unit } from '../../../test/unit.js';
import { sha256Hex } from '../../kernel/ids.js';
import {
  approveDocumentVersion,
  createDocument,
  draftDocumentVersion,
  updateDocument,
} from './commands.js';
import { publishRegister } from './publish-register.js';
import { toDocumentVersionView } from './schemas.js';

describe.each(DIALECTS)('document commands on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  it('creates a document with a first draft by the caller, its content hashed', async () => {
    const { result, events } = await runAndRecord(
      u,
      createDocument,
      {
        title: 'Impact procedure',
        kind: 'procedure',
        classification: 'internal',
        retentionMonths: 60,
        content: '# v1',
      },
      { as: u.members.contributor },
    );
    expect(events.map((e) => [e.action, e.entity, e.entity_id])).toEqual([
      ['documents.create', 'documents', result.doc.id],
      ['documents.create', 'document_versions', result.version.id],
    ]);
    expect(events[0]!.state).toMatchObject({
      owner_member_id: u.members.contributor.memberId,
      source_register: null,
      current_version_id: null,
    });
    expect(events[1]!.state).toMatchObject({
      number: 1,
      status: 'draft',
      content_type: 'text/markdown',
      content_sha256: sha256Hex('# v1'),
      author_member_id: u.members.contributor.memberId,
    });
  });

  it('changes a document, and answers a stale If-Match with 412', async () => {
    const { doc } = await makeDocument(u);
    const { result, events } = await runAndRecord(
      u,
      updateDocument,
      { documentId: doc.id, classification: 'confidential', retentionMonths: 120 },
      { ifMatch: 1 },
    );
    expect(result).toMatchObject({ classification: 'confidential', version: 2 });
    expect(events.map((e) => [e.action, e.entity, e.state?.retention_months])).toEqual([
      ['documents.update', 'documents', 120],
    ]);
    const head = await u.head();
    await expect(
      u.run(updateDocument, { documentId: doc.id, title: 'Stale' }, { ifMatch: 1 }),
    ).rejects.toMatchObject({ code: 'VERSION_MISMATCH', status: 412 });
    expect(await u.head()).toBe(head);
  });

  it('is approved only by someone other than its author, and then becomes current', async () => {
    const { doc, version } = await makeDocument(u);
    const second = await runAndRecord(u, draftDocumentVersion, {
      documentId: doc.id,
      content: '# v2',
      changeNote: 'Review',
    });
    expect(second.events.map((e) => [e.action, e.entity, e.state?.number])).toEqual([
      ['documents.update', 'document_versions', 2],
    ]);
    const ids = { documentId: doc.id, versionId: version.id };
    const head = await u.head();
    await expect(u.run(approveDocumentVersion, ids)).rejects.toMatchObject({
      code: 'SELF_APPROVAL',
      status: 422,
    });
    await expect(u.run(approveDocumentVersion, ids, { as: 'host' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      status: 403,
    });
    await expect(
      u.run(approveDocumentVersion, ids, { as: u.members.contributor }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      u.run(approveDocumentVersion, { ...ids, documentId: (await makeDocument(u)).doc.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const afterRefusals = await u.head();
    expect(afterRefusals).toBe(head + 2); // the other document only

    u.clock.set('2026-03-04T10:00:00.000Z');
    const { result, events } = await runAndRecord(u, approveDocumentVersion, ids, {
      as: u.members.manager,
      ifMatch: 1,
    });
    expect(result).toMatchObject({
      status: 'approved',
      approver_member_id: u.members.manager.memberId,
      approved_at: '2026-03-04T10:00:00.000Z',
    });
    expect(events.map((e) => [e.action, e.entity, e.entity_id])).toEqual([
      ['documents.approve', 'documents', doc.id],
      ['documents.approve', 'document_versions', version.id],
    ]);
    expect(events[0]!.state).toMatchObject({ current_version_id: version.id });
    await expect(
      u.run(approveDocumentVersion, ids, { as: u.members.manager }),
    ).rejects.toMatchObject({ code: 'INVALID_STATE', status: 409 });
  });

  it('shows each caller whether they may approve a version', async () => {
    const { version } = await makeDocument(u);
    const as = async (who: Parameters<Unit['access']>[0]) =>
      toDocumentVersionView(version, await u.access(who)).abilities;
    expect(await as(u.members.owner)).toEqual({ approve: false });
    expect(await as(u.members.manager)).toEqual({ approve: true });
    expect(await as(u.members.contributor)).toEqual({ approve: false });
    expect(await as(u.members.viewer)).toEqual({ approve: false });
    expect(await as('host')).toEqual({ approve: false });
    const approved = { ...version, status: 'approved' };
    expect(toDocumentVersionView(approved, await u.access(u.members.manager)).abilities).toEqual({
      approve: false,
    });
  });

  it('publishes a register as an approved snapshot, into one document, which takes no drafts', async () => {
    u.clock.set('2026-03-05T10:00:00.000Z');
    const { result, events } = await runAndRecord(
      u,
      publishRegister,
      { register: 'ai_systems', changeNote: 'Q1' },
      { as: u.members.manager },
    );
    const { doc, version } = result;
    expect(events.map((e) => [e.action, e.entity, e.entity_id])).toEqual([
      ['documents.publish_register', 'documents', doc.id],
      ['documents.publish_register', 'document_versions', version.id],
      ['documents.publish_register', 'documents', doc.id],
    ]);
    expect(events[1]!.state).toMatchObject({
      number: 1,
      status: 'approved',
      content_type: 'text/csv',
      content_sha256: sha256Hex(version.content),
      change_note: 'Q1',
      author_member_id: null,
      approver_member_id: u.members.manager.memberId,
      approved_at: '2026-03-05T10:00:00.000Z',
    });
    expect(doc).toMatchObject({
      kind: 'register_snapshot',
      source_register: 'ai_systems',
      current_version_id: version.id,
      version: 2,
    });

    const again = await runAndRecord(u, publishRegister, { register: 'ai_systems' });
    expect(again.result.doc.id).toBe(doc.id);
    expect(again.events.map((e) => [e.entity, e.state?.number ?? null])).toEqual([
      ['document_versions', 2],
      ['documents', null],
    ]);
    expect(again.events[0]!.state).toMatchObject({ change_note: '0 records' });

    const head = await u.head();
    await expect(
      u.run(draftDocumentVersion, { documentId: doc.id, content: 'hand edit' }),
    ).rejects.toMatchObject({ code: 'INVALID_STATE', status: 409 });
    expect(await u.head()).toBe(head);
    expect(await u.verify()).toEqual([]);
  });

  it("refuses another organization's member as owner, on creation and on edit, writing nothing", async () => {
    const { memberId } = await u.outsider();
    const { doc } = await makeDocument(u);
    const head = await u.head();
    await expect(
      u.run(createDocument, {
        title: 'Owned elsewhere',
        kind: 'procedure',
        classification: 'internal',
        retentionMonths: 12,
        ownerMemberId: memberId,
      }),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      status: 422,
      errors: [{ pointer: '/body/ownerMemberId', message: 'No such member of this organization.' }],
    });
    await expect(
      u.run(updateDocument, { documentId: doc.id, ownerMemberId: memberId }),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      errors: [{ pointer: '/body/ownerMemberId' }],
    });
    expect(await u.head()).toBe(head);
  });
});
