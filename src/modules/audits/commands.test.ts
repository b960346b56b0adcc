import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAudit, makeStartedAudit } from '../../../test/factories/audits.js';
import { DIALECTS } from '../../../test/harness.js';
import { openUnit, runAndRecord, type Unit } from '../../../test/unit.js';
import { registerCommands, registerOf } from '../registers/index.js';
import {
  closeAudit,
  communicateReport,
  planAudit,
  reportAudit,
  startAudit,
  updateAudit,
} from './commands.js';
import { approveProgramme, draftProgramme } from './programme-commands.js';
import { addFinding, recordChecklistItem } from './record-commands.js';

const programme = {
  periodStart: '2026-01-01',
  periodEnd: '2026-12-31',
  frequency: 'Once a year.',
  methods: 'Interviews and sampling.',
  responsibilities: 'The AIMS manager plans.',
  importance: 'High-risk systems first.',
  previousResults: 'None yet.',
};

describe.each(DIALECTS)('audit commands on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  it('drafts a programme, refuses its approval by its author, and another manager approves it', async () => {
    const { result: draft, events } = await runAndRecord(u, draftProgramme, programme);
    expect(events.map((e) => [e.action, e.entity, e.entity_id, e.state?.status])).toEqual([
      ['audits.draft_programme', 'audit_programmes', draft.id, 'draft'],
    ]);
    const head = await u.head();
    await expect(u.run(approveProgramme, { programmeId: draft.id })).rejects.toMatchObject({
      code: 'SELF_APPROVAL',
      status: 422,
    });
    expect(await u.head()).toBe(head);
    const { events: approval } = await runAndRecord(
      u,
      approveProgramme,
      { programmeId: draft.id },
      { as: u.members.manager },
    );
    expect(approval.map((e) => [e.action, e.entity_id, e.state?.status])).toEqual([
      ['audits.approve_programme', draft.id, 'approved'],
    ]);
    const second = await u.run(draftProgramme, { ...programme, frequency: 'Twice a year.' });
    const { events: next } = await runAndRecord(
      u,
      approveProgramme,
      { programmeId: second.id },
      { as: u.members.manager },
    );
    expect(next.map((e) => [e.entity_id, e.state?.status])).toEqual([
      [draft.id, 'superseded'],
      [second.id, 'approved'],
    ]);
  });

  it('plans an audit under the programme in force and records it in the ledger', async () => {
    const { result, events } = await runAndRecord(
      u,
      planAudit,
      {
        title: 'Life cycle audit',
        criteria: 'ISO/IEC 42001 and the release procedure.',
        scope: ['A.6.2.4', '9.2'],
        plannedStart: '2026-05-04',
        plannedEnd: '2026-05-06',
        leadAuditorMemberId: u.members.contributor.memberId,
        auditorMemberIds: [u.members.auditor.memberId, u.members.contributor.memberId],
      },
      { as: u.members.manager },
    );
    expect(result.status).toBe('planned');
    expect(result.programme_id).not.toBeNull();
    expect(events.map((e) => [e.action, e.entity, e.entity_id])).toEqual([
      ['audits.plan', 'audits', result.id],
    ]);
    expect(events[0]!.state).toMatchObject({
      scope: '["A.6.2.4","9.2"]',
      lead_auditor_member_id: u.members.contributor.memberId,
      auditor_member_ids: JSON.stringify([u.members.auditor.memberId]),
    });
  });

  it('refuses an auditor who is responsible for a control in scope (NOT_INDEPENDENT) and writes nothing', async () => {
    const responsible = await u.another('contributor');
    await u.run(registerCommands(registerOf('responsibilities')).create, {
      memberId: responsible.memberId,
      subjectType: 'control',
      subjectId: 'A.6.2.4',
      raci: 'responsible',
    });
    const head = await u.head();
    const refused = u.run(
      planAudit,
      {
        title: 'Not independent',
        criteria: 'ISO/IEC 42001.',
        scope: ['A.6'],
        plannedStart: '2026-06-01',
        plannedEnd: '2026-06-02',
        leadAuditorMemberId: u.members.contributor.memberId,
        auditorMemberIds: [responsible.memberId],
      },
      { as: u.members.manager },
    );
    await expect(refused).rejects.toMatchObject({
      code: 'NOT_INDEPENDENT',
      status: 422,
      errors: [
        {
          pointer: '/body/auditorMemberIds/0',
          message: expect.stringContaining('responsible for control A.6.2.4'),
        },
      ],
    });
    expect(await u.head()).toBe(head);
    const a = await makeAudit(u, { scope: ['9.2'] });
    await expect(
      u.run(
        updateAudit,
        { auditId: a.id, leadAuditorMemberId: responsible.memberId, scope: ['A.6.2.4'] },
        { as: u.members.manager },
      ),
    ).rejects.toMatchObject({
      code: 'NOT_INDEPENDENT',
      errors: [{ pointer: '/body/leadAuditorMemberId' }],
    });
    expect(await u.head()).toBe(head + 1);
  });

  it('refuses the author or approver of the programme in force as auditor of 9.2', async () => {
    const head = await u.head();
    await expect(
      makeAudit(u, { scope: ['9'], leadAuditorMemberId: u.members.manager.memberId }),
    ).rejects.toMatchObject({
      code: 'NOT_INDEPENDENT',
      errors: [{ message: expect.stringContaining('audit programme version 2') }],
    });
    expect(await u.head()).toBe(head);
  });

  it('is started by its team only, with one checklist item per clause leaf and control in scope', async () => {
    const a = await makeAudit(u, { scope: ['9.2', 'A.6.2.4'] });
    const head = await u.head();
    await expect(u.run(startAudit, { auditId: a.id })).rejects.toMatchObject({
      code: 'NOT_AUDITOR',
      status: 422,
    });
    await expect(
      u.run(startAudit, { auditId: a.id }, { as: u.members.auditor }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect(await u.head()).toBe(head);
    const { result, events } = await runAndRecord(
      u,
      startAudit,
      { auditId: a.id },
      { as: u.members.contributor, ifMatch: a.version },
    );
    expect(result.status).toBe('in_progress');
    expect(
      events.map((e) => [e.action, e.entity, e.state?.requirement_id ?? e.state?.status]),
    ).toEqual([
      ['audits.start', 'audit_checklist_items', '9.2.1'],
      ['audits.start', 'audit_checklist_items', '9.2.2'],
      ['audits.start', 'audit_checklist_items', 'A.6.2.4'],
      ['audits.start', 'audits', 'in_progress'],
    ]);
    await expect(
      u.run(updateAudit, { auditId: a.id, title: 'Late change' }, { as: u.members.manager }),
    ).rejects.toMatchObject({ code: 'INVALID_STATE', status: 409 });
  });

  it('records a checklist item and a minor finding that raises exactly one nonconformity', async () => {
    const a = await makeStartedAudit(u, { scope: ['A.6.2.4'] });
    const item = await u.database.db
      .selectFrom('audit_checklist_items')
      .selectAll()
      .where('audit_id', '=', a.id)
      .executeTakeFirstOrThrow();
    const lead = { as: u.members.contributor };
    const { result: recorded, events } = await runAndRecord(
      u,
      recordChecklistItem,
      {
        auditId: a.id,
        checklistItemId: item.id,
        conclusion: 'nonconformity',
        recordsSampled: 'Release records 4.0 to 4.2',
      },
      lead,
    );
    expect(recorded.conclusion).toBe('nonconformity');
    expect(events.map((e) => [e.action, e.entity, e.state?.conclusion])).toEqual([
      ['audits.record', 'audit_checklist_items', 'nonconformity'],
    ]);

    const { result: finding, events: raised } = await runAndRecord(
      u,
      addFinding,
      {
        auditId: a.id,
        grade: 'minor',
        requirementId: 'A.6.2.4',
        title: 'Release 4.2 without its bias test',
      },
      lead,
    );
    expect(raised.map((e) => [e.action, e.entity])).toEqual([
      ['audits.record', 'audit_findings'],
      ['audits.record', 'nonconformities'],
      ['audits.record', 'nonconformity_steps'],
      ['audits.record', 'audit_findings'],
    ]);
    const ncs = await u.database.db
      .selectFrom('nonconformities')
      .selectAll()
      .where('org_id', '=', u.org.id)
      .where('source_id', '=', finding.id)
      .execute();
    expect(ncs).toHaveLength(1);
    expect(ncs[0]).toMatchObject({
      source_type: 'audit_finding',
      severity: 'minor',
      requirement_id: 'A.6.2.4',
      status: 'open',
    });
    expect(finding.nonconformity_id).toBe(ncs[0]!.id);

    const { result: opportunity, events: logged } = await runAndRecord(
      u,
      addFinding,
      {
        auditId: a.id,
        grade: 'opportunity',
        requirementId: 'A.6.2.4',
        title: 'Automate the bias test gate',
        logImprovement: true,
      },
      lead,
    );
    expect(logged.map((e) => e.entity)).toEqual([
      'audit_findings',
      'improvements',
      'audit_findings',
    ]);
    expect(opportunity).toMatchObject({ number: 2, nonconformity_id: null });
    expect(opportunity.improvement_id).not.toBeNull();

    const head = await u.head();
    await expect(
      u.run(
        addFinding,
        { auditId: a.id, grade: 'major', requirementId: '7.5.1', title: 'Out of scope' },
        lead,
      ),
    ).rejects.toMatchObject({
      code: 'INCONSISTENT_INPUT',
      errors: [{ pointer: '/body/requirementId' }],
    });
    await expect(
      u.run(
        addFinding,
        { auditId: a.id, grade: 'major', requirementId: 'A.6.2.4', title: 'Not mine' },
        { as: u.members.manager },
      ),
    ).rejects.toMatchObject({ code: 'NOT_AUDITOR' });
    expect(await u.head()).toBe(head);
  });

  it('is reported by its lead, communicated to management, then closed by a manager', async () => {
    const a = await makeStartedAudit(u, {
      scope: ['A.6.2.4'],
      auditorMemberIds: [u.members.owner.memberId],
    });
    await expect(
      u.run(reportAudit, { auditId: a.id, conclusion: 'Conforms.' }),
    ).rejects.toMatchObject({ code: 'NOT_AUDITOR' });
    u.clock.set('2026-05-07T10:00:00.000Z');
    const { result: reported, events } = await runAndRecord(
      u,
      reportAudit,
      { auditId: a.id, conclusion: 'The controls in scope conform.' },
      { as: u.members.contributor },
    );
    expect(events.map((e) => [e.action, e.state?.status])).toEqual([['audits.report', 'reported']]);
    expect(reported.reported_at).toBe('2026-05-07T10:00:00.000Z');
    await expect(
      u.run(closeAudit, { auditId: a.id }, { as: u.members.manager }),
    ).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
    await expect(
      u.run(communicateReport, {
        auditId: a.id,
        communicatedTo: 'Board',
        communicatedOn: '2026-05-06',
      }),
    ).rejects.toMatchObject({ code: 'INCONSISTENT_INPUT' });
    const { events: told } = await runAndRecord(u, communicateReport, {
      auditId: a.id,
      communicatedTo: 'The management board',
      communicatedOn: '2026-05-08',
    });
    expect(told[0]).toMatchObject({
      action: 'audits.communicate',
      state: { communicated_to: 'The management board', communicated_on: '2026-05-08' },
    });
    const { events: closed } = await runAndRecord(
      u,
      closeAudit,
      { auditId: a.id },
      { as: u.members.manager },
    );
    expect(closed.map((e) => [e.action, e.state?.status])).toEqual([['audits.close', 'closed']]);
    expect(await u.verify()).toEqual([]);
  });
});
