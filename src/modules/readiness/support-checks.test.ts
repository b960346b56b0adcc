import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/harness.js';
import { makePolicy, makePublishedPolicy } from '../../../test/factories/policies.js';
import { makeAiSystem } from '../../../test/factories/registers.js';
import { makeSoaVersion } from '../../../test/factories/soa.js';
import { openUnit, type Unit } from '../../../test/unit.js';
import { removeMember } from '../orgs/index.js';
import {
  acknowledgePolicy,
  approvePolicyVersion,
  draftPolicyVersion,
  publishPolicyVersion,
  submitPolicyVersion,
} from '../policies/index.js';
import { registerCommands, registerOf, transitionAiSystem } from '../registers/index.js';
import { approveScope, draftScope } from '../scope/index.js';
import { approveSoa } from '../soa/index.js';
import { evaluate } from './engine.js';

/**
 * The rules of clauses 4.3, 4.4, 7.2 and 7.3 (rules.json) against the records of one organization
 * each: the obvious shortcut does not meet them, the records a certification auditor accepts do,
 * and the reasons name what is missing.
 */
const TODAY = '2026-03-02';

describe.each(DIALECTS)('readiness rules of clauses 4.3, 4.4, 7.2 and 7.3, on %s', (dialect) => {
  let u: Unit;
  beforeEach(async () => {
    u = await openUnit(dialect);
  });
  afterEach(() => u.close());

  const clause = async (id: string, today = TODAY) => {
    const [r] = await evaluate(
      u.database.db,
      u.org.id,
      [{ id, kind: 'clause', title: id, group: id.split('.')[0]! }],
      today,
    );
    return {
      status: r!.status,
      text: r!.reasons.map((x) => `${x.status}: ${x.detail}`).join('\n'),
    };
  };
  const reg = (table: Parameters<typeof registerOf>[0]) => registerCommands(registerOf(table));
  const draftedScope = () =>
    u.run(draftScope, { statement: 'The triage assistant.', aiRoles: ['provider'] } as never);
  const approvedScope = async () => {
    const v = await draftedScope();
    await u.run(approveScope, { scopeVersionId: v.id }, { as: u.members.manager });
  };

  it('4.3: a drafted scope is not approved, and an approved scope with an empty inventory covers nothing', async () => {
    expect((await clause('4.3')).status).toBe('missing');
    const v = await draftedScope();
    const drafted = await clause('4.3');
    expect(drafted.status).not.toBe('met');
    expect(drafted.text).toContain('partial: A scope is drafted but not approved.');

    await u.run(approveScope, { scopeVersionId: v.id }, { as: u.members.manager });
    const empty = await clause('4.3');
    expect(empty.status).not.toBe('met');
    expect(empty.text).toContain(
      'missing: No AI systems in the inventory recorded (retired ones do not count).',
    );

    // A retired system is no longer one the AIMS covers.
    const old = await makeAiSystem(u, { name: 'Old triage model' });
    await u.run(transitionAiSystem, { aiSystemId: old.id, toStage: 'retirement', reason: 'Old' });
    const retired = await clause('4.3');
    expect(retired.status).not.toBe('met');
    expect(retired.text).toContain('missing: No AI systems in the inventory recorded');

    await makeAiSystem(u);
    const met = await clause('4.3');
    expect(met.text).toContain('1 AI systems in the inventory recorded.');
    expect(met.status).toBe('met');
  });

  it('4.4: the AIMS needs its approved scope, a current AI policy and an approved SoA', async () => {
    expect((await clause('4.4')).status).toBe('missing');
    await approvedScope();
    const scopeOnly = await clause('4.4');
    expect(scopeOnly.status).toBe('partial');
    expect(scopeOnly.text).toContain('missing: No AI policy.');
    expect(scopeOnly.text).toContain('missing: No Statement of Applicability.');

    // A drafted AI policy and a frozen but unapproved SoA are not enough.
    const { policy, version } = await makePolicy(u, { kind: 'ai_policy' });
    const soa = await makeSoaVersion(u);
    const drafts = await clause('4.4');
    expect(drafts.status).toBe('partial');
    expect(drafts.text).toContain('The AI policy exists but no version is published.');
    expect(drafts.text).toMatch(/partial: \d+ controls decided, no approved version yet\./);

    const ids = { policyId: policy.id, versionId: version.id };
    await u.run(submitPolicyVersion, ids);
    await u.run(approvePolicyVersion, ids, { as: u.members.manager });
    await u.run(publishPolicyVersion, ids, { as: u.members.manager });
    const noSoa = await clause('4.4');
    expect(noSoa.status).toBe('partial');
    expect(noSoa.text).toContain('no approved version yet');

    await u.run(approveSoa, { soaVersionId: soa.id }, { as: u.members.manager });
    expect((await clause('4.4')).status).toBe('met');
    // The same records two years on: the policy is past its review date.
    const late = await clause('4.4', '2028-03-02');
    expect(late.status).toBe('partial');
    expect(late.text).toMatch(/The AI policy is published but its review was due on \d{4}-/);
  });

  it('7.2: competences nobody has to hold, and training of another member or competence, close no gap', async () => {
    const comps = reg('competences');
    const training = reg('training_records');
    const none = await clause('7.2');
    expect(none.status).toBe('missing');
    expect(none.text).toContain('No required competences recorded.');

    // A competence required only of a role no member holds requires nothing of anyone.
    await u.run(removeMember, { memberId: u.members.auditor.memberId });
    await u.run(comps.create, { aimsRole: 'auditor', name: 'ISO/IEC 42001 auditing' });
    const nobody = await clause('7.2');
    expect(nobody.status).not.toBe('met');
    expect(nobody.text).toContain(
      'missing: The 1 required competence(s) apply to no member: each is required of a role no member holds (auditor).',
    );

    const risk = await u.run(comps.create, { aimsRole: 'manager', name: 'AI risk assessment' });
    const other = await u.run(comps.create, { aimsRole: 'viewer', name: 'AI literacy' });
    const record = (memberId: string, competenceId: string, more: Record<string, unknown> = {}) =>
      u.run(training.create, {
        memberId,
        competenceId,
        title: 'Course',
        completedOn: '2026-02-01',
        ...more,
      } as never);
    // Training of the owner in risk assessment, of the manager in another competence, and an
    // expired course of the manager's: the manager still lacks it.
    await record(u.members.owner.memberId, risk.id);
    await record(u.members.manager.memberId, other.id);
    await record(u.members.manager.memberId, risk.id, {
      completedOn: '2024-01-10',
      expiresOn: '2025-01-10',
    });
    const gap = await clause('7.2');
    expect(gap.status).toBe('partial');
    expect(gap.text).toContain('2 members miss a required competence');
    expect(gap.text).toContain(`${u.members.manager.email} lacks "AI risk assessment"`);
    expect(gap.text).toContain(`${u.members.viewer.email} lacks "AI literacy"`);

    await record(u.members.manager.memberId, risk.id, { title: 'Risk course 2026' });
    await record(u.members.viewer.memberId, other.id);
    const met = await clause('7.2');
    expect(met.text).toContain('met: Every member holds the competences their role requires.');
    expect(met.status).toBe('met');
  });

  it('7.3: acknowledgements of an older version, or too few, are not the policy acknowledged', async () => {
    const none = await clause('7.3');
    expect(none.status).toBe('missing');
    expect(none.text).toContain('No published AI policy to acknowledge.');

    const { policy, version } = await makePublishedPolicy(u, { kind: 'ai_policy' });
    const unread = await clause('7.3');
    expect(unread.status).toBe('missing');
    expect(unread.text).toContain('0 of 5 members acknowledged the published AI policy.');

    const ack = (versionId: string, as: keyof Unit['members']) =>
      u.run(acknowledgePolicy, { policyId: policy.id, versionId }, { as: u.members[as] });
    for (const m of ['owner', 'manager', 'contributor', 'auditor', 'viewer'] as const)
      await ack(version.id, m);
    expect((await clause('7.3')).status).toBe('met');

    // A new version is published: what was acknowledged before is not what is in force.
    const v2 = await u.run(draftPolicyVersion, {
      policyId: policy.id,
      content: '# AI policy\n\nHuman review of every urgent case.',
      changeNote: 'Urgent cases',
    } as never);
    const ids = { policyId: policy.id, versionId: v2.id };
    await u.run(submitPolicyVersion, ids);
    await u.run(approvePolicyVersion, ids, { as: u.members.manager });
    await u.run(publishPolicyVersion, ids, { as: u.members.manager });
    const stale = await clause('7.3');
    expect(stale.status).toBe('missing');
    expect(stale.text).toContain('0 of 5 members acknowledged');

    for (const m of ['owner', 'manager', 'contributor'] as const) await ack(v2.id, m);
    const few = await clause('7.3');
    expect(few.status).toBe('partial');
    expect(few.text).toContain('3 of 5 members acknowledged');
    await ack(v2.id, 'auditor');
    const met = await clause('7.3');
    expect(met.text).toContain('4 of 5 members acknowledged');
    expect(met.status).toBe('met');
  });
});
