// This file is longer than 300 lines because it is the example organization's content, told in
// order (people, registers, scope, policy, risks, assessment, SoA, evidence, objectives,
// incidents, a nonconformity and an improvement): split
// up, one story would be scattered over files that only make sense together.
import { ANNEX_A_CONTROL_IDS } from '../../catalog/index.js';
import { run } from '../../kernel/commands.js';
import type { Context, OrgAccess } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';
import {
  registerCommands,
  registerOf,
  transitionAiSystem,
  type RegisterTable,
} from '../registers/index.js';
import { userByEmail } from '../identity/index.js';
import { addMember, memberEmails } from '../orgs/index.js';
import {
  approvePolicyVersion,
  acknowledgePolicy,
  createPolicy,
  publishPolicyVersion,
  submitPolicyVersion,
} from '../policies/index.js';
import { approveScope, draftScope } from '../scope/index.js';
import { acceptRisk, addTreatment, createRisk } from '../risks/index.js';
import { addItem, approveAssessment, createAssessment } from '../impact/index.js';
import { decideControl } from '../soa/index.js';
import { createLinkEvidence, linkEvidence } from '../evidence/index.js';
import { createObjective, recordMeasurement } from '../planning/index.js';
import { answerQuestionnaire, confirmTier } from '../aiact/index.js';
import {
  classifyIncident,
  createIncident,
  recordReport,
  setIncidentStatus,
} from '../incidents/index.js';
import {
  addAction,
  closeNonconformity,
  correctNonconformity,
  createImprovement,
  decideImprovement,
  raiseNonconformity,
  updateImprovement,
  recordRootCause,
  updateAction,
  verifyEffectiveness,
} from '../nonconformities/index.js';
import { AI_ACT } from '../../catalog/ai-act.js';
import { seedOperationAndCheck } from './seed-check.js';
import { seedPlanning } from './seed-plan.js';
import { seedOperationalControl } from './seed-operate.js';

/**
 * Loads a working example into an organization: AI systems in several sectors and life cycle
 * stages with models and datasets, a published AI policy, an approved scope, risks, an impact
 * assessment, a decided Statement of Applicability with evidence. Everything goes through the
 * commands, so it is all in the ledger. A second member, the reviewer, gives the approvals
 * that the four-eyes rules require; they have no password and cannot sign in.
 */
export async function seedExample(
  ctx: Context,
  access: OrgAccess,
  owner: { userId: string; email: string },
) {
  const db = ctx.database.db;
  const now = ctx.now().toISOString();
  const reviewerEmail = `reviewer+${access.slug}@example.org`;
  let reviewer: { id: string; email: string } | undefined = await userByEmail(db, reviewerEmail);
  if (!reviewer) {
    reviewer = { id: newId(), email: reviewerEmail };
    await db
      .insertInto('users')
      .values({
        ...reviewer,
        name: 'Example Reviewer',
        password_hash: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
  const as = (u: { userId: string; email: string }): Context => ({
    ...ctx,
    actor: { kind: 'user', userId: u.userId, email: u.email, via: 'session' },
  });
  const me = as(owner);
  const rv = as({ userId: reviewer.id, email: reviewer.email });
  const ownerAccess = { ...access, role: 'owner' as const };
  await run(ctx, addMember, { email: reviewerEmail, role: 'manager' }, { access: ownerAccess });
  const members = await memberEmails(db, access.orgId);
  const ownerMember = members.find((m) => m.email === owner.email)!.id;
  const reviewerMember = members.find((m) => m.email === reviewerEmail)!.id;
  // Each actor acts as the member they are: authors and approvers are recorded as such.
  const meAccess: OrgAccess = { ...ownerAccess, memberId: ownerMember };
  const rvAccess: OrgAccess = { ...ownerAccess, role: 'manager', memberId: reviewerMember };

  const inAYear = new Date(Date.parse(now) + 365 * 86_400_000).toISOString().slice(0, 10);
  const create = (key: RegisterTable, input: Record<string, unknown>) =>
    run(me, registerCommands(registerOf(key)).create, input, { access: meAccess });
  for (const c of [
    {
      title: 'Shortage of ML engineers with clinical knowledge',
      kind: 'internal',
      category: 'organizational',
      effect: 'Limits how fast models can be validated.',
    },
    {
      title: 'Model governance spread across three teams',
      kind: 'internal',
      category: 'organizational',
    },
    {
      title: 'EU AI Act obligations for high-risk systems',
      kind: 'external',
      category: 'regulatory',
      effect: 'Triage and credit scoring need conformity work.',
    },
    { title: 'Public concern about automated decisions', kind: 'external', category: 'social' },
    {
      title: 'Climate change',
      kind: 'external',
      category: 'climate',
      effect:
        'Relevant: training and inference energy use is reported to customers; flooding risk to the data centre is in the continuity plan.',
    },
  ])
    await create('context_issues', { ...c, reviewDate: inAYear });
  for (const p of [
    {
      name: 'Patients',
      kind: 'affected_person',
      needs: 'Safe, timely and explained triage.',
      requirements: 'Human review of every urgent case.',
      addressedBy: 'AI policy and the triage assistant’s human oversight (A.9.2).',
    },
    {
      name: 'National health regulator',
      kind: 'regulator',
      needs: 'Evidence of safety and oversight.',
      requirements: 'Notification of serious incidents; conformity documentation on request.',
      addressedBy: 'Incident reporting clocks and the technical documentation of each system.',
    },
    {
      name: 'Clinicians',
      kind: 'employee',
      needs: 'Tools that support, not replace, their judgement.',
      requirements: 'The final decision stays with the clinician.',
      addressedBy: 'The AI policy; the assistant only ranks, a clinician decides.',
    },
  ])
    await create('interested_parties', p);

  const systems: Record<string, string> = {};
  const sys = async (name: string, input: Record<string, unknown>, stages: string[]) => {
    const s = await create('ai_systems', { name, ...input });
    for (const to of stages)
      await run(
        me,
        transitionAiSystem,
        { aiSystemId: s.id, toStage: to, reason: 'Example history' },
        { access: meAccess },
      );
    systems[name] = s.id;
    return s.id;
  };
  await sys(
    'Triage assistant',
    {
      purpose: 'Suggests an urgency level for incoming emergency cases.',
      sector: 'healthcare',
      aiRoles: ['provider'],
      automationLevel: 'human_in_the_loop',
      intendedUse: 'Decision support for triage nurses.',
      foreseeableMisuse: 'Used without a nurse reviewing the suggestion.',
    },
    [
      'design_and_development',
      'verification_and_validation',
      'deployment',
      'operation_and_monitoring',
    ],
  );
  await sys(
    'Credit scoring model',
    {
      purpose: 'Scores consumer loan applications.',
      sector: 'finance',
      aiRoles: ['provider', 'customer'],
      automationLevel: 'human_on_the_loop',
    },
    ['design_and_development', 'verification_and_validation'],
  );
  await sys(
    'Visual defect detector',
    {
      purpose: 'Finds surface defects on the production line.',
      sector: 'manufacturing',
      aiRoles: ['customer'],
      automationLevel: 'fully_automated',
    },
    ['design_and_development', 'verification_and_validation', 'deployment'],
  );
  await sys(
    'Citizen chat assistant',
    {
      purpose: 'Answers questions about public services.',
      sector: 'public_sector',
      aiRoles: ['provider'],
      automationLevel: 'decision_support',
    },
    ['design_and_development'],
  );
  await sys(
    'CV screening pilot',
    {
      purpose: 'Ranked job applications in a 2025 pilot.',
      sector: 'employment',
      aiRoles: ['customer'],
    },
    ['design_and_development', 'retirement'],
  );
  await create('legal_requirements', {
    title: 'EU AI Act: provider duties for the triage assistant',
    instrument: 'eu_ai_act',
    jurisdiction: 'EU',
    applicability: 'applicable',
    justification: 'We place the triage assistant, a high-risk system, on the EU market.',
    aiSystemIds: [systems['Triage assistant']],
  });
  await create('legal_requirements', {
    title: 'GDPR: processing of health data',
    instrument: 'gdpr',
    jurisdiction: 'EU',
    applicability: 'applicable',
    justification: 'The triage assistant processes health data of EU patients.',
  });
  await create('ai_models', {
    aiSystemId: systems['Triage assistant'],
    name: 'triage-net',
    modelVersion: '2.3.0',
    source: 'built',
    releaseDate: '2026-06-01',
    changeSummary: 'Retrained with 2025 cases; better recall on pediatric cases.',
  });
  await create('ai_models', {
    aiSystemId: systems['Credit scoring model'],
    name: 'gbm-score',
    modelVersion: '1.4.1',
    source: 'built',
  });
  await create('datasets', {
    aiSystemId: systems['Triage assistant'],
    name: 'Emergency cases 2019–2025',
    personalData: true,
    source: 'Emergency department records',
    acquisition: 'Extracted under the data sharing agreement with the hospital.',
    provenance: 'Hospital records, pseudonymized.',
    qualityChecks: 'Urgency labels double-checked by two nurses on a sample of 5%.',
    preparation: 'Pseudonymized, vital signs normalized, split by year.',
    licence: 'internal',
  });
  await create('ai_resources', {
    aiSystemId: systems['Triage assistant'],
    kind: 'compute',
    name: 'On-premises GPU cluster',
  });
  await create('third_parties', {
    name: 'Vision Components GmbH',
    relation: 'supplier',
    supplies: 'The defect detection model',
    aiSystemIds: [systems['Visual defect detector']],
    assessedOn: now.slice(0, 10),
    assessmentOutcome: 'acceptable',
  });
  for (const name of Object.keys(systems))
    await create('responsibilities', {
      memberId: ownerMember,
      subjectType: 'ai_system',
      subjectId: systems[name],
      raci: 'accountable',
    });
  const comp = await create('competences', { aimsRole: 'manager', name: 'AI risk assessment' });
  await create('training_records', {
    memberId: ownerMember,
    competenceId: comp.id,
    title: 'AI risk assessment course',
    completedOn: '2026-03-01',
  });
  await create('training_records', {
    memberId: reviewerMember,
    competenceId: comp.id,
    title: 'AI risk assessment course',
    completedOn: '2026-03-01',
  });

  const scope = await run(
    me,
    draftScope,
    {
      statement:
        'The AIMS covers the AI systems the organization develops, provides and uses in its clinical, financial and manufacturing units.',
      exclusions: [
        { item: 'Research prototypes', justification: 'Never used on real cases or customers.' },
      ],
      aiRoles: ['provider', 'customer'],
    },
    { access: meAccess },
  );
  await run(rv, approveScope, { scopeVersionId: scope.id }, { access: rvAccess });

  const { policy, version } = await run(
    me,
    createPolicy,
    {
      title: 'AI policy',
      kind: 'ai_policy',
      reviewCycleMonths: 12,
      content:
        '# AI policy\n\nWe develop and use AI systems only where they serve people well, with human oversight, clear accountability and continual improvement.',
    },
    { access: meAccess },
  );
  const ids = { policyId: policy.id, versionId: version.id };
  await run(me, submitPolicyVersion, ids, { access: meAccess });
  await run(rv, approvePolicyVersion, ids, { access: rvAccess });
  await run(rv, publishPolicyVersion, ids, { access: rvAccess });
  await run(me, acknowledgePolicy, ids, { access: meAccess });
  await run(rv, acknowledgePolicy, ids, { access: rvAccess });

  const r1 = await run(
    me,
    createRisk,
    {
      title: 'Triage under-ranks urgent cases of older patients',
      aiSystemIds: [systems['Triage assistant']],
      riskSources: ['C.3.4'],
      objectives: ['C.2.5'],
      inherentLikelihood: 4,
      inherentImpact: 5,
      treatment: 'modify',
      controlIds: ['A.7.4', 'A.6.2.4'],
      residualLikelihood: 2,
      residualImpact: 4,
      reviewDate: '2027-03-01',
    },
    { access: meAccess },
  );
  await run(
    me,
    addTreatment,
    {
      title: 'Age-stratified validation before every release',
      dueDate: '2027-01-31',
      riskId: r1.id,
    },
    { access: meAccess },
  );
  const r2 = await run(
    me,
    createRisk,
    {
      title: 'Credit model drifts after interest rate changes',
      aiSystemIds: [systems['Credit scoring model']],
      inherentLikelihood: 4,
      inherentImpact: 4,
      treatment: 'retain',
      controlIds: ['A.6.2.6'],
      residualLikelihood: 3,
      residualImpact: 4,
      reviewDate: '2027-06-30',
    },
    { access: meAccess },
  );
  await run(
    rv,
    acceptRisk,
    {
      justification: 'Monthly drift monitoring with a manual fallback.',
      expiresOn: '2027-06-30',
      riskId: r2.id,
    },
    { access: rvAccess },
  );
  await run(
    me,
    createRisk,
    {
      title: 'Chat assistant gives wrong benefit information',
      aiSystemIds: [systems['Citizen chat assistant']],
      inherentLikelihood: 3,
      inherentImpact: 3,
      treatment: 'modify',
      controlIds: ['A.8.2'],
      reviewDate: '2027-03-01',
    },
    { access: meAccess },
  );

  const ia = await run(
    me,
    createAssessment,
    {
      aiSystemId: systems['Triage assistant'],
      title: 'Triage assistant impact assessment',
      dpiaReference: 'DPIA-2026-04',
      reviewCycleMonths: 12,
    },
    { access: meAccess },
  );
  await run(
    me,
    addItem,
    {
      affected: 'groups',
      dimension: 'fairness',
      description: 'Older patients may be ranked less urgent than they are.',
      severity: 4,
      likelihood: 3,
      mitigation: 'Age-stratified validation; nurse review of every suggestion.',
      riskIds: [r1.id],
      controlIds: ['A.7.4'],
      assessmentId: ia.id,
    },
    { access: meAccess },
  );
  await run(rv, approveAssessment, { assessmentId: ia.id }, { access: rvAccess });

  // The triage assistant's EU AI Act classification: emergency patient triage is an Annex III use
  // (area 5), offered by the organization as provider; answered by the owner, confirmed by the reviewer.
  const no = (qs: readonly { id: string }[]) => Object.fromEntries(qs.map((q) => [q.id, false]));
  const triage = { aiSystemId: systems['Triage assistant']! };
  await run(
    me,
    answerQuestionnaire,
    {
      role: 'provider',
      prohibited: no(AI_ACT.prohibited),
      annexI: false,
      annexIII: [5],
      exceptions: no(AI_ACT.exceptions),
      profiling: false,
      transparency: no(AI_ACT.transparency),
      generalPurposeModel: false,
      systemicRisk: false,
      ...triage,
    },
    { access: meAccess },
  );
  await run(rv, confirmTier, triage, { access: rvAccess });

  const excluded = new Set(['A.10.4']);
  for (const id of ANNEX_A_CONTROL_IDS) {
    const input = excluded.has(id)
      ? { applicable: false, justification: 'No AI system is provided to external customers.' }
      : {
          applicable: true,
          justification: 'Needed for the AI systems in scope.',
          implementationStatus: ['A.2.2', 'A.6.2.4', 'A.7.4'].includes(id)
            ? 'implemented'
            : 'partial',
        };
    await run(me, decideControl, { ...input, controlId: id }, { access: meAccess });
  }
  const ev = await run(
    me,
    createLinkEvidence,
    {
      kind: 'link',
      title: 'Triage validation report 2026',
      url: 'https://intranet.example.org/ai/triage/validation-2026',
      validUntil: '2027-06-30',
    },
    { access: meAccess },
  );
  for (const c of ['A.6.2.4', 'A.7.4'])
    await run(
      me,
      linkEvidence,
      { evidenceId: ev.id, targetType: 'control', targetId: c },
      { access: meAccess },
    );
  const pol = await run(
    me,
    createLinkEvidence,
    { kind: 'record', title: 'Published AI policy', recordType: 'policies', recordId: policy.id },
    { access: meAccess },
  );
  await run(
    me,
    linkEvidence,
    { evidenceId: pol.id, targetType: 'control', targetId: 'A.2.2' },
    { access: meAccess },
  );

  const obj = await run(
    me,
    createObjective,
    {
      title: 'Keep missed urgent cases rare',
      metric: 'False negative rate on urgent cases',
      direction: 'at_most',
      target: 2,
      unit: '%',
      frequency: 'monthly',
      ownerMemberId: ownerMember,
      plan: 'Age-stratified validation before each release and a monthly second reading of a sample, by two ML engineers and a clinical reviewer; below 2 % by the end of the year.',
      aiSystemIds: [systems['Triage assistant']],
    },
    { access: meAccess },
  );
  await run(
    me,
    recordMeasurement,
    {
      objectiveId: obj.id,
      measuredOn: now.slice(0, 10),
      value: 1.6,
      note: 'Monthly validation run',
    },
    { access: meAccess },
  );

  // A serious incident, contained, with its EU AI Act report sent in time.
  const hoursAgo = (h: number) => new Date(new Date(now).getTime() - h * 3_600_000).toISOString();
  const incident = await run(
    me,
    createIncident,
    {
      title: 'Urgent case ranked routine',
      description: 'A patient with sepsis signs waited 70 minutes after a routine ranking.',
      severity: 'high',
      harmTypes: ['health_and_safety'],
      affectedCount: 1,
      affectedDescription: 'One patient at the emergency department.',
      systems: [{ aiSystemId: systems['Triage assistant']! }],
      detectedAt: hoursAgo(50),
      containment: 'Rankings of patients with abnormal vital signs are reviewed by a nurse.',
    },
    { access: meAccess },
  );
  await run(
    me,
    setIncidentStatus,
    { incidentId: incident.id, status: 'contained', note: 'Nurse review in place.' },
    { access: meAccess },
  );
  await run(
    rv,
    classifyIncident,
    {
      incidentId: incident.id,
      serious: true,
      seriousCase: 'other',
      reason: 'Serious harm to the health of a person is likely to have been caused.',
    },
    { access: rvAccess },
  );
  await run(
    rv,
    recordReport,
    {
      incidentId: incident.id,
      clock: 'ai_act_report',
      recipient: 'National market surveillance authority',
      sentAt: hoursAgo(20),
      channel: 'portal',
      summary: 'Initial report under Art. 73(5); the complete report follows the root cause.',
    },
    { access: rvAccess },
  );
  // A nonconformity taken through its whole cycle: the reviewer, who did none of the corrective
  // actions, checks that they worked.
  const mine = { access: meAccess };
  const nc = await run(
    me,
    raiseNonconformity,
    {
      title: 'Triage model update released without the subgroup bias test',
      requirementId: 'A.6.2.4',
      severity: 'major',
      description: 'Release 2.3 went live before the bias test of the validation plan had run.',
    },
    mine,
  );
  const ncId = { nonconformityId: nc.id };
  await run(
    me,
    correctNonconformity,
    { ...ncId, correction: 'Rolled back to release 2.2 the same day.' },
    mine,
  );
  await run(
    me,
    recordRootCause,
    {
      ...ncId,
      rootCause: {
        method: 'five_whys',
        whys: [
          'The bias test did not run before the release.',
          'The release pipeline let it be skipped.',
          'A hotfix switched the test off and nobody switched it back on.',
        ],
        cause: 'Pipeline switches are not reviewed after a hotfix.',
      },
    },
    mine,
  );
  const fix = await run(
    me,
    addAction,
    {
      ...ncId,
      title: 'Make the bias test a required pipeline step',
      ownerMemberId: ownerMember,
      dueDate: now.slice(0, 10),
    },
    mine,
  );
  await run(
    me,
    updateAction,
    {
      ...ncId,
      correctiveActionId: fix.id,
      status: 'done',
      outcome: 'The pipeline fails without a bias report.',
    },
    mine,
  );
  await run(
    rv,
    verifyEffectiveness,
    { ...ncId, effective: true, note: 'The next releases each carried a bias report.' },
    { access: rvAccess },
  );
  await run(rv, closeNonconformity, ncId, { access: rvAccess });
  const idea = await run(
    me,
    createImprovement,
    {
      title: 'Review pipeline switches every month',
      sourceType: 'nonconformity',
      sourceId: nc.id,
      ownerMemberId: ownerMember,
    },
    mine,
  );
  await run(
    rv,
    decideImprovement,
    { improvementId: idea.id, decision: 'adopted' },
    { access: rvAccess },
  );
  await seedPlanning(
    { ctx: me, access: meAccess, memberId: ownerMember },
    { ctx: rv, access: rvAccess, memberId: reviewerMember },
  );
  await run(me, updateImprovement, { improvementId: idea.id, status: 'done' }, mine);
  await seedOperationAndCheck(
    { ctx: me, access: meAccess, memberId: ownerMember },
    { ctx: rv, access: rvAccess, memberId: reviewerMember },
    systems['Triage assistant']!,
    now,
  );
  await seedOperationalControl(
    { ctx: me, access: meAccess, memberId: ownerMember },
    { ctx: rv, access: rvAccess, memberId: reviewerMember },
    systems,
    now,
  );
  return { systems: Object.keys(systems).length };
}
