import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/harness.js';
import { makeDocument } from '../../../test/factories/documents.js';
import { makePublishedPolicy } from '../../../test/factories/policies.js';
import { makeChange, makeObjective } from '../../../test/factories/planning.js';
import { makeAiSystem } from '../../../test/factories/registers.js';
import { makeRiskToAccept } from '../../../test/factories/risks.js';
import { makeSoaVersion } from '../../../test/factories/soa.js';
import { openUnit, type Unit } from '../../../test/unit.js';
import type { DocumentPurpose } from '../../catalog/index.js';
import { approveDocumentVersion, updateDocument } from '../documents/index.js';
import { updateOrg } from '../orgs/index.js';
import { decideChange, recordMeasurement, updateObjective } from '../planning/index.js';
import { registerCommands, registerOf } from '../registers/index.js';
import { acceptRisk } from '../risks/index.js';
import { approveScope, draftScope } from '../scope/index.js';
import { approveSoa } from '../soa/index.js';
import { evaluate } from './engine.js';
import { RULES } from './rules.js';

/**
 * The rules of clauses 4 to 7 (rules.json) against the records of one organization each: the
 * obvious shortcut does not meet them, the records a certification auditor accepts do, and the
 * reasons name what is missing.
 */
const TODAY = '2026-03-02';
const REQUIRED = (RULES.clauses['7.5.1']![0] as { purposes: DocumentPurpose[] }).purposes;

describe.each(DIALECTS)('readiness rules of clauses 4 to 7, on %s', (dialect) => {
  let u: Unit;
  beforeEach(async () => {
    u = await openUnit(dialect);
  });
  afterEach(() => u.close());

  const clause = async (id: string) => {
    const [r] = await evaluate(
      u.database.db,
      u.org.id,
      [{ id, kind: 'clause', title: id, group: id.split('.')[0]! }],
      TODAY,
    );
    return {
      status: r!.status,
      text: r!.reasons.map((x) => `${x.status}: ${x.detail}`).join('\n'),
    };
  };
  const reg = (table: Parameters<typeof registerOf>[0]) => registerCommands(registerOf(table));
  /** A document of `purpose` written by the owner and approved by a manager. */
  const approvedDoc = async (purpose: DocumentPurpose, extra: Record<string, unknown> = {}) => {
    const d = await makeDocument(u, { purpose, title: `Our ${purpose}`, ...extra });
    await u.run(
      approveDocumentVersion,
      { documentId: d.doc.id, versionId: d.version.id },
      { as: u.members.manager },
    );
    return d.doc;
  };
  const approvedScope = async (aiRoles: string[]) => {
    const v = await u.run(draftScope, { statement: 'The triage assistant.', aiRoles } as never);
    await u.run(approveScope, { scopeVersionId: v.id }, { as: u.members.manager });
  };

  it('4.1: issues without review dates, no climate decision and a scope without AI roles are not enough', async () => {
    expect((await clause('4.1')).status).toBe('missing');
    const issues = reg('context_issues');
    const a = await u.run(issues.create, {
      title: 'Staff shortage',
      kind: 'internal',
      category: 'organizational',
    });
    const b = await u.run(issues.create, {
      title: 'EU AI Act',
      kind: 'external',
      category: 'regulatory',
    });
    await approvedScope([]);
    const short = await clause('4.1');
    expect(short.status).toBe('partial');
    expect(short.text).toContain('2 of 2 context issues have no review date');
    expect(short.text).toContain('missing: No a climate change decision');
    expect(short.text).toContain('names no AI role');

    for (const i of [a, b])
      await u.run(issues.update, { contextIssueId: i.id, reviewDate: '2026-09-01' } as never);
    // A climate issue without its decision (the effect on the AIMS) does not count.
    const climate = await u.run(issues.create, {
      title: 'Climate change',
      kind: 'external',
      category: 'climate',
      reviewDate: '2026-09-01',
    });
    expect((await clause('4.1')).text).toContain('No a climate change decision');
    await u.run(issues.update, {
      contextIssueId: climate.id,
      effect: 'Not relevant: the systems run on a provider with no exposure we can act on.',
    } as never);
    await approvedScope(['provider']);
    const met = await clause('4.1');
    expect(met.text).toContain('provider');
    expect(met.status).toBe('met');
  });

  it('4.2: parties and legal requirements by name only are not enough', async () => {
    const party = await u.run(reg('interested_parties').create, {
      name: 'Patients',
      kind: 'affected_person',
    });
    const law = await u.run(reg('legal_requirements').create, {
      title: 'EU AI Act',
      instrument: 'eu_ai_act',
      applicability: 'applicable',
    } as never);
    const short = await clause('4.2');
    expect(short.status).toBe('missing');
    expect(short.text).toContain('1 of 1 interested parties lack their relevant requirements');
    expect(short.text).toContain('Patients');
    await u.run(reg('interested_parties').update, {
      interestedPartyId: party.id,
      requirements: 'Safe triage; explanations on request.',
      addressedBy: 'Human review of every urgent case (AI policy 3.2).',
    } as never);
    expect((await clause('4.2')).status).toBe('partial');
    await u.run(reg('legal_requirements').update, {
      legalRequirementId: law.id,
      justification: 'We deploy a high-risk system in the EU.',
    } as never);
    expect((await clause('4.2')).status).toBe('met');
  });

  it('5.1 and 5.2: an AI policy and scope approved by anyone are not approved by top management', async () => {
    await makePublishedPolicy(u, { kind: 'ai_policy' });
    await approvedScope(['provider']);
    await makeObjective(u, {
      ownerMemberId: u.members.owner.memberId,
      plan: 'Weekly review; 2 analysts; Q3.',
    });
    const unnamed = await clause('5.2');
    expect(unnamed.status).toBe('partial');
    expect(unnamed.text).toContain('has not said which roles are top management');

    await u.run(updateOrg, { topManagementRoles: ['owner'] });
    const byManager = await clause('5.1');
    expect(byManager.status).toBe('partial');
    expect(byManager.text).toContain('approved by a manager, not by top management (owner)');

    await u.run(updateOrg, { topManagementRoles: ['owner', 'manager'] });
    expect((await clause('5.1')).status).toBe('met');
    expect((await clause('5.2')).status).toBe('met');
  });

  it('5.3: per-system RACI and a document titled roles are not the AIMS roles', async () => {
    const system = await makeAiSystem(u);
    const resp = reg('responsibilities');
    await u.run(resp.create, {
      memberId: u.members.manager.memberId,
      subjectType: 'ai_system',
      subjectId: system.id,
      raci: 'accountable',
    });
    await makeDocument(u, { title: 'AIMS roles and responsibilities' });
    const short = await clause('5.3');
    expect(short.status).toBe('missing');
    expect(short.text).toContain('No document has the purpose "aims_roles"');
    expect(short.text).toContain('No a member assigned to ensure the AIMS conforms');

    await approvedDoc('aims_roles');
    for (const subjectType of ['aims_conformity', 'aims_performance'])
      await u.run(resp.create, {
        memberId: u.members.manager.memberId,
        subjectType,
        subjectId: 'The AIMS',
        raci: 'accountable',
      });
    expect((await clause('5.3')).status).toBe('met');
  });

  it('6.1.1 to 6.1.4: assessed risks and a draft "Risk treatment plan" do not document the processes', async () => {
    const risk = await makeRiskToAccept(u);
    await makeDocument(u, { title: 'Risk treatment plan' });
    for (const id of ['6.1.2', '6.1.4']) expect((await clause(id)).status).not.toBe('met');
    const treat = await clause('6.1.3');
    expect(treat.status).toBe('partial');
    expect(treat.text).toContain('No document has the purpose "risk_treatment_process"');
    expect(treat.text).toContain(
      '1 of 1 residual risks above the acceptance level have no current acceptance',
    );

    await approvedDoc('risk_assessment_process');
    await approvedDoc('impact_assessment_process');
    await approvedDoc('risk_treatment_process');
    await approvedDoc('risk_treatment_plan');
    for (const id of ['6.1.1', '6.1.2', '6.1.4']) expect((await clause(id)).status).toBe('met');
    await u.run(
      acceptRisk,
      { riskId: risk.id, justification: 'Human review of each case.', expiresOn: '2026-12-31' },
      { as: u.members.manager },
    );
    const soa = await makeSoaVersion(u);
    await u.run(approveSoa, { soaVersionId: soa.id }, { as: u.members.manager });
    const met = await clause('6.1.3');
    expect(met.text).toContain('have a current acceptance');
    expect(met.status).toBe('met');
  });

  it('6.1.3: no risks is no evidence that residual risks are accepted', async () => {
    expect((await clause('6.1.3')).text).toContain(
      'missing: No open risk has an assessed residual level',
    );
  });

  it('6.2: an objective needs an owner and a plan; missing its target is no gap in planning', async () => {
    const o = await makeObjective(u);
    const short = await clause('6.2');
    expect(short.status).toBe('missing');
    expect(short.text).toContain('lack an owner or a plan');
    expect(short.text).toContain('Keep missed urgent cases rare');
    await u.run(updateObjective, {
      objectiveId: o.id,
      ownerMemberId: u.members.manager.memberId,
      plan: 'Second reading of urgent cases; two analysts; by Q3; monthly false negative rate.',
    } as never);
    await u.run(recordMeasurement, { objectiveId: o.id, measuredOn: TODAY, value: 9 } as never);
    expect((await clause('6.2')).status).toBe('met');
  });

  it('6.3: changes proposed, or approved without a plan, are not planned changes', async () => {
    expect(await clause('6.3')).toMatchObject({ status: 'missing' });
    expect((await clause('6.3')).text).toContain('No changes to the AIMS recorded');
    const decide = (changeId: string, decision: string) =>
      u.run(decideChange, { changeId, decision } as never, { as: u.members.manager });
    const planned = await makeChange(u, {
      consequences: 'Approvals wait a day longer.',
      resources: 'Two managers, two hours a week.',
      responsibilities: 'The AIMS manager chairs.',
    });
    expect((await clause('6.3')).text).toContain('1 proposed change(s) wait for a decision');
    await decide(planned.id, 'approved');
    expect((await clause('6.3')).status).toBe('met');

    const unplanned = await makeChange(u, { title: 'Drop the second reading' });
    await decide(unplanned.id, 'approved');
    const short = await clause('6.3');
    expect(short.status).toBe('partial');
    expect(short.text).toContain(
      '1 approved change(s) lack their consequences, resources or responsibilities',
    );
  });

  it('7.1 and 7.4: per-system resources and a document of kind plan are not the AIMS resources nor communication', async () => {
    const system = await makeAiSystem(u);
    await u.run(reg('ai_resources').create, {
      aiSystemId: system.id,
      kind: 'compute',
      name: 'GPU',
    } as never);
    await makeDocument(u, { title: 'Communication plan', kind: 'plan' });
    expect((await clause('7.1')).status).toBe('missing');
    expect((await clause('7.4')).status).toBe('missing');

    await approvedDoc('resource_plan');
    await approvedDoc('communication_plan');
    expect((await clause('7.1')).status).toBe('met');
    const planOnly = await clause('7.4');
    expect(planOnly.status).toBe('partial');
    expect(planOnly.text).toContain('No records of communications');
    await makeDocument(u, {
      purpose: 'communication_record',
      title: 'AI policy announced to all staff',
      kind: 'record',
    } as never);
    expect((await clause('7.4')).status).toBe('met');
  });

  it('7.5: a single approved document is not the documented information the standard requires', async () => {
    const unowned = await approvedDoc('risk_assessment_process');
    await u.run(updateDocument, { documentId: unowned.id, ownerMemberId: null });
    const one = await clause('7.5.1');
    expect(one.status).toBe('partial');
    expect(one.text).toContain(`${REQUIRED.length - 1} of ${REQUIRED.length} required documents`);
    expect(one.text).toContain('Communication plan (7.4)');
    const draft = await makeDocument(u, { purpose: 'aims_roles', title: 'Draft roles' });
    const reviewed = await clause('7.5.2');
    expect(reviewed.status).toBe('partial');
    expect(reviewed.text).toContain('"Draft roles"');
    const controlled = await clause('7.5.3');
    expect(controlled.status).toBe('partial');
    expect(controlled.text).toContain('No document has the purpose "document_control"');
    expect(controlled.text).toContain('lack an owner');

    for (const p of REQUIRED.filter((x) => x !== 'risk_assessment_process')) await approvedDoc(p);
    expect((await clause('7.5.1')).status).toBe('met');
    expect((await clause('7.5.2')).status).toBe('partial');
    expect((await clause('7.5.3')).status).toBe('partial');
    await u.run(
      approveDocumentVersion,
      { documentId: draft.doc.id, versionId: draft.version.id },
      { as: u.members.manager },
    );
    expect((await clause('7.5.2')).status).toBe('met');
    await u.run(updateDocument, {
      documentId: unowned.id,
      ownerMemberId: u.members.owner.memberId,
    });
    expect((await clause('7.5.3')).status).toBe('met');
  });
});
