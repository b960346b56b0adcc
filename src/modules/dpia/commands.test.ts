import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/harness.js';
import { makeAiSystem } from '../../../test/factories/registers.js';
import { makeAssessment } from '../../../test/factories/impact.js';
import { makeCompleteDpia, makeDpia } from '../../../test/factories/dpia.js';
import { openUnit, runAndRecord, type Unit, type UnitMember } from '../../../test/unit.js';
import { findRecord } from '../../kernel/records.js';
import {
  approveDpia,
  createDpia,
  recordAdvice,
  recordConsultation,
  updateDpia,
} from './commands.js';
import { toDpiaView } from './schemas.js';
import { screen } from './screening.js';

describe('the DPIA screening', () => {
  it('requires a DPIA for an Art. 35(3) case, or two WP248 indicators, and never without personal data', () => {
    expect(screen(false, { special_categories_large_scale: true })).toEqual({
      outcome: 'not_required',
      reasons: ['No personal data is processed, so GDPR Art. 35 does not apply.'],
    });
    expect(screen(true, { public_monitoring_large_scale: true }).outcome).toBe('required');
    expect(screen(true, { evaluation_scoring: true })).toEqual({
      outcome: 'not_required',
      reasons: [
        'No case of Art. 35(1), (3) or (4) applies and 1 WP248 indicator of high risk (fewer than two).',
      ],
    });
    const two = screen(true, { evaluation_scoring: true, vulnerable_people: true });
    expect(two.outcome).toBe('required');
    expect(two.reasons[0]).toMatch(/^2 WP248 indicators .*evaluation scoring, vulnerable people/);
  });
});

describe.each(DIALECTS)('DPIA commands on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  const load = async (id: string) => (await findRecord(u.database.db, 'dpias', u.org.id, id))!;
  const abilitiesOf = async (id: string, as: UnitMember) =>
    toDpiaView(await load(id), await u.access(as)).abilities;

  it('screens and starts a draft as its author, beside an impact assessment of the same system', async () => {
    const sys = await makeAiSystem(u);
    const ia = await makeAssessment(u, { aiSystemId: sys.id });
    const { result, events } = await runAndRecord(
      u,
      createDpia,
      {
        aiSystemId: sys.id,
        impactAssessmentId: ia.id,
        title: 'Triage DPIA',
        personalData: true,
        screening: { profiling_with_effects: true, vulnerable_people: false },
      },
      { as: u.members.contributor },
    );
    expect(result).toMatchObject({
      status: 'draft',
      screening_outcome: 'required',
      author_member_id: u.members.contributor.memberId,
      impact_assessment_id: ia.id,
      version: 1,
    });
    expect(events.map((e) => [e.action, e.entity, e.entity_id])).toEqual([
      ['dpia.create', 'dpias', result.id],
    ]);
    expect(events[0]!.state).toMatchObject({
      ai_system_id: sys.id,
      personal_data: 1,
      screening: '{"profiling_with_effects":true,"vulnerable_people":false}',
      screening_outcome: 'required',
    });
  });

  it('refuses an impact assessment of another system and an unknown system, writing nothing', async () => {
    const sys = await makeAiSystem(u);
    const foreign = await makeAssessment(u);
    const head = await u.head();
    await expect(
      u.run(createDpia, {
        aiSystemId: sys.id,
        impactAssessmentId: foreign.id,
        title: 'x',
        personalData: true,
      }),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      status: 422,
      errors: [{ pointer: '/body/impactAssessmentId' }],
    });
    await expect(
      u.run(createDpia, {
        aiSystemId: '0190a5d4-0000-7000-8000-000000000000',
        title: 'x',
        personalData: false,
      }),
    ).rejects.toMatchObject({ code: 'UNKNOWN_REFERENCE', status: 422 });
    expect(await u.head()).toBe(head);
  });

  it('screens again when the answers change, at the version the caller read', async () => {
    const d = await makeDpia(u);
    const head = await u.head();
    await expect(
      u.run(updateDpia, { dpiaId: d.id, personalData: false }, { ifMatch: 3 }),
    ).rejects.toMatchObject({ code: 'VERSION_MISMATCH', status: 412 });
    expect(await u.head()).toBe(head);
    const { result, events } = await runAndRecord(
      u,
      updateDpia,
      { dpiaId: d.id, personalData: false, necessity: 'n/a' },
      { ifMatch: 1 },
    );
    expect(result).toMatchObject({ screening_outcome: 'not_required', necessity: 'n/a' });
    expect(events.map((e) => [e.action, e.entity, e.version])).toEqual([
      ['dpia.update', 'dpias', 2],
    ]);
    expect(events[0]!.state).toMatchObject({
      personal_data: 0,
      screening: '{"special_categories_large_scale":true}',
      screening_reasons: '["No personal data is processed, so GDPR Art. 35 does not apply."]',
    });
  });

  it('is approved by someone other than the author only once complete, superseding the one before', async () => {
    const author = u.members.contributor;
    const d = await makeDpia(u, {}, { as: author });
    await expect(u.run(approveDpia, { dpiaId: d.id })).rejects.toMatchObject({
      code: 'INVALID_STATE',
      status: 409,
      message: expect.stringContaining("the data protection officer's advice (Art. 35(2))"),
    });
    const complete = await makeCompleteDpia(u, { aiSystemId: d.ai_system_id }, { as: author });
    const head = await u.head();
    await expect(u.run(approveDpia, { dpiaId: complete.id }, { as: author })).rejects.toMatchObject(
      { code: 'FORBIDDEN', status: 403 },
    );
    const mgr = await u.another('manager');
    const selfAuthored = await makeCompleteDpia(u, {}, { as: mgr });
    const head2 = await u.head();
    await expect(
      u.run(approveDpia, { dpiaId: selfAuthored.id }, { as: mgr }),
    ).rejects.toMatchObject({ code: 'SELF_APPROVAL', status: 422 });
    expect(await u.head()).toBe(head2);
    expect(head2).toBeGreaterThan(head);

    u.clock.set('2026-04-01T10:00:00.000Z');
    const first = await runAndRecord(u, approveDpia, { dpiaId: complete.id }, { ifMatch: 2 });
    expect(first.result).toMatchObject({
      status: 'approved',
      approver_member_id: u.members.owner.memberId,
      approved_at: '2026-04-01T10:00:00.000Z',
    });
    expect(first.events.map((e) => [e.action, e.entity_id, e.state?.status])).toEqual([
      ['dpia.approve', complete.id, 'approved'],
    ]);
    await expect(u.run(updateDpia, { dpiaId: complete.id, title: 'x' })).rejects.toMatchObject({
      code: 'VERSION_LOCKED',
      status: 409,
    });

    // A screening that needs no DPIA is approved as it stands, and supersedes the one before.
    const notRequired = await makeDpia(
      u,
      { aiSystemId: d.ai_system_id, personalData: false },
      { as: author },
    );
    const next = await runAndRecord(u, approveDpia, { dpiaId: notRequired.id });
    expect(next.events.map((e) => [e.entity_id, e.state?.status])).toEqual([
      [complete.id, 'superseded'],
      [notRequired.id, 'approved'],
    ]);
    expect(await u.verify()).toEqual([]);
  });

  it('records the DPO advice on a draft and the prior consultation only when high risk remains', async () => {
    const d = await makeCompleteDpia(u, {}, { as: u.members.contributor });
    const head = await u.head();
    const consultation = {
      dpiaId: d.id,
      authority: 'DPA',
      submittedOn: '2026-03-10',
      outcome: 'pending' as const,
    };
    await expect(u.run(recordConsultation, consultation)).rejects.toMatchObject({
      code: 'INVALID_STATE',
      status: 409,
    });
    expect(await u.head()).toBe(head);
    await u.run(updateDpia, { dpiaId: d.id, residualHighRisk: true });
    const pending = await runAndRecord(u, recordConsultation, consultation, {
      as: u.members.contributor,
    });
    expect(pending.events.map((e) => [e.action, e.entity, e.entity_id])).toEqual([
      ['dpia.consult', 'dpias', d.id],
    ]);
    expect(toDpiaView(pending.result, await u.access(u.members.owner))).toMatchObject({
      consultationRequired: true,
      consultationOpen: true,
      consultation: { authority: 'DPA', outcome: 'pending', outcomeOn: null },
    });
    await u.run(approveDpia, { dpiaId: d.id });
    // Still recorded after approval: the authority answers later.
    const answered = await u.run(recordConsultation, {
      ...consultation,
      outcome: 'written_advice',
      outcomeOn: '2026-05-01',
      note: 'Shorten retention.',
    });
    expect(toDpiaView(answered, await u.access(u.members.owner)).consultationOpen).toBe(false);
    await expect(
      u.run(recordAdvice, {
        dpiaId: d.id,
        dpoName: 'x',
        advice: 'late',
        advisedOn: '2026-05-02',
        followed: false,
      }),
    ).rejects.toMatchObject({ code: 'VERSION_LOCKED', status: 409 });
  });

  it('shows each caller what they may do with the DPIA now', async () => {
    const author = u.members.contributor;
    const d = await makeDpia(u, {}, { as: author });
    const drafting = { edit: true, recordAdvice: true, approve: false, consult: false };
    expect(await abilitiesOf(d.id, u.members.owner)).toEqual(drafting);
    const complete = await makeCompleteDpia(u, { residualHighRisk: true }, { as: author });
    expect(await abilitiesOf(complete.id, author)).toEqual({
      ...drafting,
      approve: false,
      consult: true,
    });
    expect(await abilitiesOf(complete.id, u.members.owner)).toEqual({
      ...drafting,
      approve: true,
      consult: true,
    });
    const none = { edit: false, recordAdvice: false, approve: false, consult: false };
    for (const m of [u.members.auditor, u.members.viewer])
      expect(await abilitiesOf(complete.id, m)).toEqual(none);
  });
});
