import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/harness.js';
import { openUnit, runAndRecord, type Unit } from '../../../test/unit.js';
import { controlsToConsider, sectorDefaults, SECTOR_PROFILES } from '../../catalog/sectors.js';
import { addLegalSuggestion, chooseSectors } from './commands.js';
import { sectorsViewOf } from './schemas.js';

describe('the sector profiles', () => {
  it('say that Annex D defines no profiles and that their contents are aims’s own', () => {
    expect(SECTOR_PROFILES.provenance).toMatch(/Annex D does not define sector profiles/);
    expect(SECTOR_PROFILES.provenance).toMatch(/aims's own judgement/);
  });

  it('give questionnaire hints by Annex III point and controls to consider, merged across sectors', () => {
    expect(sectorDefaults([])).toEqual([]);
    const hints = sectorDefaults(['finance', 'employment']);
    expect(hints.map((h) => h.point)).toEqual(['4(a)', '4(b)', '5(b)', '5(c)']);
    const both = controlsToConsider(['healthcare', 'employment']).find(
      (c) => c.controlId === 'A.5.4',
    );
    expect(both?.reasons.map((r) => r.sector)).toEqual(['healthcare', 'employment']);
  });
});

describe.each(DIALECTS)('sector commands on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  it('chooses the sectors, at the version read (0 before the first choice)', async () => {
    await expect(
      u.run(chooseSectors, { sectors: ['finance'] }, { ifMatch: 1 }),
    ).rejects.toMatchObject({ code: 'VERSION_MISMATCH', status: 412 });
    const first = await runAndRecord(u, chooseSectors, { sectors: ['finance', 'finance'] });
    expect(first.events.map((e) => [e.action, e.entity, e.state?.sectors])).toEqual([
      ['sectors.update', 'sector_settings', '["finance"]'],
    ]);
    const second = await runAndRecord(
      u,
      chooseSectors,
      { sectors: ['healthcare', 'finance'] },
      { ifMatch: 1 },
    );
    expect(second.events.map((e) => [e.entity_id, e.version])).toEqual([[first.result.id, 2]]);
    const view = await sectorsViewOf(u.database.db, u.org.id);
    expect(view).toMatchObject({ sectors: ['healthcare', 'finance'], version: 2 });
    expect(view.questionnaireHints.map((h) => h.point)).toEqual(['5(b)', '5(c)', '5(d)']);
    expect(view.profiles.find((p) => p.id === 'healthcare')?.chosen).toBe(true);
  });

  it('adds a legal suggestion to the register once, under review, saying where it came from', async () => {
    const { result, events } = await runAndRecord(
      u,
      addLegalSuggestion,
      { suggestionId: 'healthcare-mdr' },
      { as: u.members.contributor },
    );
    expect(events.map((e) => [e.action, e.entity, e.entity_id])).toEqual([
      ['sectors.add_legal', 'legal_requirements', result.id],
    ]);
    expect(events[0]!.state).toMatchObject({
      title: 'Medical Device Regulation (EU) 2017/745',
      instrument: 'sector_law',
      applicability: 'under_review',
      justification: expect.stringContaining('not ISO/IEC 42001 Annex D'),
    });
    const view = await sectorsViewOf(u.database.db, u.org.id);
    const mdr = view.profiles.flatMap((p) => p.legal).find((l) => l.id === 'healthcare-mdr');
    expect(mdr?.added).toBe(true);
    const head = await u.head();
    await expect(
      u.run(addLegalSuggestion, { suggestionId: 'healthcare-mdr' }),
    ).rejects.toMatchObject({ code: 'ALREADY_ADDED', status: 409 });
    await expect(u.run(addLegalSuggestion, { suggestionId: 'no-such' })).rejects.toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      status: 422,
    });
    expect(await u.head()).toBe(head);
  });
});
