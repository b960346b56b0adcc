import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAiSystem } from '../../../test/factories/registers.js';
import {
  makeEvidence,
  makeEvidenceLink,
  makeFileEvidence,
} from '../../../test/factories/evidence.js';
import { DIALECTS } from '../../../test/harness.js';
import { openUnit, runAndRecord, type Unit } from '../../../test/unit.js';
import { sha256Hex } from '../../kernel/ids.js';
import {
  createFileEvidence,
  createLinkEvidence,
  linkEvidence,
  recordDownload,
  unlinkEvidence,
  updateEvidence,
} from './commands.js';
import { validityOn, type EvidenceRow } from './schemas.js';

const UNKNOWN_ID = '0190a000-0000-7000-8000-000000000000';

describe.each(DIALECTS)('evidence commands on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  it('records a link as evidence, owned by the caller, with a custody record', async () => {
    const me = u.members.contributor;
    const { result, events } = await runAndRecord(
      u,
      createLinkEvidence,
      { kind: 'link', title: 'Model card', url: 'https://wiki.example.org/card' },
      { as: me },
    );
    expect(result).toMatchObject({ kind: 'link', owner_member_id: me.memberId, version: 1 });
    expect(events.map((e) => [e.action, e.entity])).toEqual([
      ['evidence.create', 'evidence'],
      ['evidence.create', 'custody_events'],
    ]);
    expect(events[0]!.state).toMatchObject({
      id: result.id,
      title: 'Model card',
      url: 'https://wiki.example.org/card',
    });
    expect(events[1]!.state).toMatchObject({
      evidence_id: result.id,
      event: 'create',
      blob_sha256: null,
      actor: `user:${me.userId}`,
    });
  });

  it('records a file already in the blob store: its hash, size and an upload custody record', async () => {
    const bytes = 'accuracy 0.97\n';
    const before = await u.head();
    const e = await makeFileEvidence(u, bytes);
    expect(e).toMatchObject({ kind: 'file', blob_sha256: sha256Hex(bytes), size: bytes.length });
    const events = await u.events(before);
    expect(events.map((x) => [x.action, x.entity])).toEqual([
      ['evidence.create', 'evidence'],
      ['evidence.create', 'custody_events'],
    ]);
    expect(events[1]!.state).toMatchObject({ event: 'upload', blob_sha256: sha256Hex(bytes) });
    const head = await u.head();
    await expect(
      u.run(createFileEvidence, {
        title: 'Bad dates',
        validFrom: '2026-05-01',
        validUntil: '2026-01-01',
        blob: { sha256: sha256Hex(bytes), size: 1, filename: 'x', mediaType: 'text/plain' },
      }),
    ).rejects.toMatchObject({
      code: 'INCONSISTENT_INPUT',
      errors: [{ pointer: '/body/validUntil' }],
    });
    expect(await u.head()).toBe(head);
  });

  it('refers to a record of the organization, and refuses what is not one, writing nothing', async () => {
    const aiSystemId = (await makeAiSystem(u)).id;
    const { result, events } = await runAndRecord(u, createLinkEvidence, {
      kind: 'record',
      title: 'The system itself',
      recordType: 'ai_systems',
      recordId: aiSystemId,
    });
    expect(result).toMatchObject({ record_type: 'ai_systems', record_id: aiSystemId });
    expect(events[0]!.state).toMatchObject({ kind: 'record', record_id: aiSystemId });

    const head = await u.head();
    for (const [recordType, recordId] of [
      ['ai_systems', UNKNOWN_ID],
      ['users', u.members.owner.userId],
      ['orgs', u.org.id],
      ['no_such_table', UNKNOWN_ID],
    ])
      await expect(
        u.run(createLinkEvidence, { kind: 'record', title: 'x', recordType, recordId }),
      ).rejects.toMatchObject({
        code: 'UNKNOWN_REFERENCE',
        errors: [{ pointer: '/body/recordId' }],
      });
    await expect(u.run(createLinkEvidence, { kind: 'link', title: 'x' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
      errors: [{ pointer: '/body/url' }],
    });
    await expect(
      u.run(createLinkEvidence, { kind: 'record', title: 'x', recordType: 'risks' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ pointer: '/body/recordId' }] });
    await expect(
      u.run(createLinkEvidence, {
        kind: 'link',
        title: 'x',
        url: 'https://example.org',
        ownerMemberId: UNKNOWN_ID,
      }),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      errors: [{ pointer: '/body/ownerMemberId' }],
    });
    await expect(
      u.run(
        createLinkEvidence,
        { kind: 'link', title: 'x', url: 'https://example.org' },
        { as: u.members.auditor },
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect(await u.head()).toBe(head);
  });

  it('changes title and validity with If-Match, keeping the validity in order', async () => {
    const e = await makeEvidence(u, { validFrom: '2026-01-01' });
    const { result, events } = await runAndRecord(
      u,
      updateEvidence,
      { evidenceId: e.id, title: 'Renamed', validUntil: '2026-12-31' },
      { ifMatch: 1 },
    );
    expect(result).toMatchObject({ title: 'Renamed', valid_until: '2026-12-31', version: 2 });
    expect(events.map((x) => [x.action, x.entity, x.entity_id, x.version])).toEqual([
      ['evidence.update', 'evidence', e.id, 2],
    ]);
    expect(events[0]!.state).toMatchObject({
      title: 'Renamed',
      valid_from: '2026-01-01',
      valid_until: '2026-12-31',
    });
    const head = await u.head();
    await expect(
      u.run(updateEvidence, { evidenceId: e.id, validUntil: '2025-12-31' }),
    ).rejects.toMatchObject({ code: 'INCONSISTENT_INPUT', status: 422 });
    await expect(
      u.run(updateEvidence, { evidenceId: e.id, title: 'Stale' }, { ifMatch: 1 }),
    ).rejects.toMatchObject({ code: 'VERSION_MISMATCH', status: 412 });
    await expect(
      u.run(updateEvidence, { evidenceId: UNKNOWN_ID, title: 'x' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect(await u.head()).toBe(head);
  });

  it('links evidence to controls, requirements and AI systems, with custody; once each', async () => {
    const e = await makeFileEvidence(u, 'linked file');
    const { result, events } = await runAndRecord(u, linkEvidence, {
      evidenceId: e.id,
      targetType: 'control',
      targetId: 'A.6.2.4',
    });
    expect(result.link).toMatchObject({ evidence_id: e.id, target_id: 'A.6.2.4' });
    expect(events.map((x) => [x.action, x.entity])).toEqual([
      ['evidence.link', 'evidence_links'],
      ['evidence.link', 'custody_events'],
    ]);
    expect(events[1]!.state).toMatchObject({
      event: 'link:control:A.6.2.4',
      blob_sha256: e.blob_sha256,
    });
    const toSystem = await makeEvidenceLink(u, { evidenceId: e.id, targetType: 'ai_system' });
    expect(toSystem.link.target_type).toBe('ai_system');
    await makeEvidenceLink(u, { evidenceId: e.id, targetType: 'requirement', targetId: '6.1.2' });

    const head = await u.head();
    const link = (targetType: 'control' | 'requirement' | 'risk', targetId: string) =>
      u.run(linkEvidence, { evidenceId: e.id, targetType, targetId });
    await expect(link('control', 'A.6.2.4')).rejects.toMatchObject({ code: 'CONFLICT' });
    for (const [type, id] of [
      ['control', 'A.1.1'],
      ['requirement', '11.1'],
      ['risk', UNKNOWN_ID],
    ] as const)
      await expect(link(type, id)).rejects.toMatchObject({
        code: 'UNKNOWN_REFERENCE',
        errors: [{ pointer: '/body/targetId' }],
      });
    await expect(
      u.run(
        linkEvidence,
        { evidenceId: e.id, targetType: 'control', targetId: 'A.2.2' },
        { as: u.members.auditor },
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await u.head()).toBe(head);
  });

  it('links evidence to a requirement of another framework in the catalog, and to no other', async () => {
    const e = await makeFileEvidence(u, 'access control policy');
    const { result, events } = await runAndRecord(u, linkEvidence, {
      evidenceId: e.id,
      targetType: 'framework_requirement',
      targetId: 'iso27001:A.5.24',
    });
    expect(result.link).toMatchObject({
      target_type: 'framework_requirement',
      target_id: 'iso27001:A.5.24',
    });
    expect(events[1]!.state).toMatchObject({
      event: 'link:framework_requirement:iso27001:A.5.24',
    });
    await makeEvidenceLink(u, {
      evidenceId: e.id,
      targetType: 'framework_requirement',
      targetId: 'soc2:CC6.1',
    });
    const head = await u.head();
    // Unknown framework, unknown ref, a group heading, no framework, a 42001 control.
    for (const id of ['hipaa:164.308', 'iso27001:A.99.1', 'soc2:CC6', 'A.5.24', 'iso42001:A.6.2.4'])
      await expect(
        u.run(linkEvidence, {
          evidenceId: e.id,
          targetType: 'framework_requirement',
          targetId: id,
        }),
        id,
      ).rejects.toMatchObject({
        code: 'UNKNOWN_REFERENCE',
        errors: [{ pointer: '/body/targetId' }],
      });
    expect(await u.head()).toBe(head);
  });

  it('unlinks (the evidence stays), only through the evidence the link belongs to', async () => {
    const { evidence, link } = await makeEvidenceLink(u);
    const other = await makeEvidence(u);
    const head = await u.head();
    await expect(
      u.run(unlinkEvidence, { evidenceId: other.id, linkId: link.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect(await u.head()).toBe(head);
    const { result, events } = await runAndRecord(u, unlinkEvidence, {
      evidenceId: evidence.id,
      linkId: link.id,
    });
    expect(result).toEqual({ id: link.id });
    expect(events.map((x) => [x.action, x.entity, x.entity_id, x.state === null])).toEqual([
      ['evidence.link', 'evidence_links', link.id, true],
      ['evidence.link', 'custody_events', expect.any(String), false],
    ]);
    expect(events[1]!.state).toMatchObject({
      evidence_id: evidence.id,
      event: 'unlink:control:A.6.2.4',
    });
  });

  it('records a download of a file, by anyone who may read (an auditor too); only files', async () => {
    const e = await makeFileEvidence(u, 'downloadable');
    const auditor = u.members.auditor;
    const { events } = await runAndRecord(u, recordDownload, { evidenceId: e.id }, { as: auditor });
    expect(events.map((x) => [x.action, x.entity])).toEqual([
      ['evidence.download', 'custody_events'],
    ]);
    expect(events[0]!.state).toMatchObject({
      evidence_id: e.id,
      event: 'download',
      blob_sha256: e.blob_sha256,
      actor: `user:${auditor.userId}`,
    });
    const link = await makeEvidence(u);
    const head = await u.head();
    await expect(u.run(recordDownload, { evidenceId: link.id })).rejects.toMatchObject({
      code: 'INVALID_STATE',
      status: 409,
    });
    expect(await u.head()).toBe(head);
    expect(await u.verify()).toEqual([]);
  });

  it("checks a record reference whenever one is given, a link's too, and refuses another organization's member as owner", async () => {
    const { orgId, memberId } = await u.outsider();
    const head = await u.head();
    for (const input of [
      { kind: 'link', url: 'https://example.org', recordType: 'ai_systems', recordId: UNKNOWN_ID },
      { kind: 'record', recordType: 'memberships', recordId: memberId },
      { kind: 'record', recordType: 'orgs', recordId: orgId },
    ] as const)
      await expect(u.run(createLinkEvidence, { title: 'x', ...input })).rejects.toMatchObject({
        code: 'UNKNOWN_REFERENCE',
        errors: [{ pointer: '/body/recordId' }],
      });
    await expect(
      u.run(createLinkEvidence, {
        kind: 'link',
        title: 'x',
        url: 'https://example.org',
        recordId: UNKNOWN_ID,
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ pointer: '/body/recordType' }],
    });
    await expect(
      u.run(createLinkEvidence, {
        kind: 'link',
        title: 'x',
        url: 'https://example.org',
        ownerMemberId: memberId,
      }),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      errors: [{ pointer: '/body/ownerMemberId' }],
    });
    expect(await u.head()).toBe(head);
    const own = await u.run(createLinkEvidence, {
      kind: 'record',
      title: 'A member',
      recordType: 'memberships',
      recordId: u.members.viewer.memberId,
    });
    expect(own).toMatchObject({ record_type: 'memberships', record_id: u.members.viewer.memberId });
  });
});

describe('validity of evidence on a day', () => {
  const row = (from: string | null, until: string | null) =>
    ({ valid_from: from, valid_until: until }) as EvidenceRow;
  it('is valid within its dates, both inclusive, and open-ended without them', () => {
    expect(validityOn(row('2026-01-01', '2026-12-31'), '2026-01-01')).toBe('valid');
    expect(validityOn(row('2026-01-01', '2026-12-31'), '2026-12-31')).toBe('valid');
    expect(validityOn(row('2026-01-01', '2026-12-31'), '2027-01-01')).toBe('expired');
    expect(validityOn(row('2026-01-01', null), '2025-12-31')).toBe('not_yet_valid');
    expect(validityOn(row(null, null), '1999-01-01')).toBe('valid');
  });
});
