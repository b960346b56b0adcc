import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/harness.js';
import { openUnit, type Unit } from '../../../test/unit.js';
import { approveDocumentVersion, createDocument, updateDocument } from '../documents/index.js';
import { runCheck } from './checks.js';
import type { Check } from './rules.js';

const process: Check = {
  check: 'document_approved',
  purpose: 'risk_assessment_process',
  label: 'an approved AI risk assessment process',
};

describe.each(DIALECTS)('documented information required as a document, on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u.close());
  const check = () =>
    runCheck(u.database.db, u.org.id, process, {
      today: '2026-12-06',
      now: '2026-12-06T00:00:00.000Z',
      systems: [],
      members: 5,
    });

  it('is not met by a document that merely carries the title, nor by a draft of its purpose', async () => {
    expect((await check()).status).toBe('missing');
    expect((await check()).detail).toContain('AI risk assessment process, 6.1.2');
    const titled = await u.run(createDocument, {
      title: 'AI risk assessment process',
      kind: 'procedure',
      classification: 'internal',
      retentionMonths: 36,
      content: '# How we assess AI risks',
    });
    await u.run(
      approveDocumentVersion,
      {
        documentId: titled.doc.id,
        versionId: titled.version.id,
      },
      { as: await u.another('manager') },
    );
    expect((await check()).status).toBe('missing');

    const draft = await u.run(createDocument, {
      title: 'Risk method',
      kind: 'procedure',
      classification: 'internal',
      retentionMonths: 36,
      purpose: 'risk_assessment_process',
    });
    const partial = await check();
    expect(partial.status).toBe('partial');
    expect(partial.detail).toContain('no version is approved');
    expect(partial.refs).toEqual([{ type: 'documents', id: draft.doc.id }]);

    // Giving the approved document its purpose meets the check and names it.
    await u.run(updateDocument, { documentId: titled.doc.id, purpose: 'risk_assessment_process' });
    const met = await check();
    expect(met.status).toBe('met');
    expect(met.refs[0]).toEqual({ type: 'documents', id: titled.doc.id });
    expect(met.detail).toContain('"AI risk assessment process"');
  });
});
