import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/harness.js';
import { makeEvidence } from '../../../test/factories/evidence.js';
import { makeAssessment } from '../../../test/factories/impact.js';
import { makeIncident } from '../../../test/factories/incidents.js';
import { makeRisk, makeTreatment } from '../../../test/factories/risks.js';
import { makeAiSystem } from '../../../test/factories/registers.js';
import { openUnit, type Unit, type UnitMember } from '../../../test/unit.js';
import { can } from '../../kernel/authorize.js';
import { linkEvidence } from '../evidence/index.js';
import { addTimelineEntry, createIncident } from '../incidents/index.js';
import { configureAccess } from '../orgs/index.js';
import { registerCommands, registerOf } from '../registers/index.js';
import { addTreatment, createRisk, updateRisk } from '../risks/index.js';
import { assignMember, unassignMember } from './commands.js';

/**
 * Access matched to responsibilities, through the commands of other modules: the kernel refuses
 * every write of a record of an AI system the contributor is not assigned to (403, nothing
 * written), and the matrix's can() answers the same for views.
 */
describe.each(DIALECTS)('a contributor scoped to their AI systems on %s', (dialect) => {
  let u: Unit;
  let c: UnitMember;
  let mine: string;
  let other: string;
  let assignment: string;
  const NOT_ASSIGNED = {
    code: 'FORBIDDEN',
    status: 403,
    message: expect.stringMatching(/not assigned to the AI system/),
  };

  /** Expects the call to be refused as out of scope and the ledger not to move. */
  const refused = async (p: () => Promise<unknown>) => {
    const head = await u.head();
    await expect(p()).rejects.toMatchObject(NOT_ASSIGNED);
    expect(await u.head()).toBe(head);
  };

  beforeAll(async () => {
    u = await openUnit(dialect);
    c = u.members.contributor;
    mine = (await makeAiSystem(u)).id;
    other = (await makeAiSystem(u)).id;
    assignment = (await u.run(assignMember, { memberId: c.memberId, aiSystemId: mine })).id;
  });
  afterAll(() => u?.close());

  it('changes nothing while the setting is off: a contributor edits every system', async () => {
    const risk = await makeRisk(u, { aiSystemIds: [other] }, { as: c });
    await u.run(updateRisk, { riskId: risk.id, title: 'Edited while off' }, { as: c });
    expect((await u.access(c)).systems).toBeUndefined();
  });

  it('once on, lets the contributor change the records of their system', async () => {
    await u.run(configureAccess, { scopedAccess: true });
    expect((await u.access(c)).systems).toEqual([mine]);
    const risk = await makeRisk(u, { aiSystemIds: [mine] }, { as: c });
    await u.run(updateRisk, { riskId: risk.id, title: 'Mine' }, { as: c });
    await makeTreatment(u, { riskId: risk.id }, { as: c });
    await makeAssessment(u, { aiSystemId: mine }, { as: c });
    await makeIncident(u, { systems: [{ aiSystemId: mine }] }, { as: c });
  });

  it('refuses creating, changing or moving records of another system, writing nothing', async () => {
    await refused(() => u.run(createRisk, { title: 'Not mine', aiSystemIds: [other] }, { as: c }));
    const theirs = await makeRisk(u, { aiSystemIds: [other] });
    await refused(() => u.run(updateRisk, { riskId: theirs.id, title: 'x' }, { as: c }));
    await refused(() => u.run(addTreatment, { riskId: theirs.id, title: 'x' }, { as: c }));
    const own = await makeRisk(u, { aiSystemIds: [mine] }, { as: c });
    await refused(() => u.run(updateRisk, { riskId: own.id, aiSystemIds: [other] }, { as: c }));
    await refused(() => makeAssessment(u, { aiSystemId: other }, { as: c }));
    await refused(() =>
      u.run(
        createIncident,
        { title: 'x', severity: 'low', systems: [{ aiSystemId: other }] },
        { as: c },
      ),
    );
    const incident = await makeIncident(u, { systems: [{ aiSystemId: other }] });
    await refused(() =>
      u.run(addTimelineEntry, { incidentId: incident.id, entry: 'x' }, { as: c }),
    );
    const ev = await makeEvidence(u, {}, c);
    await refused(() =>
      u.run(
        linkEvidence,
        { evidenceId: ev.id, targetType: 'ai_system', targetId: other },
        { as: c },
      ),
    );
    const systems = registerCommands(registerOf('ai_systems'));
    await refused(() => u.run(systems.update, { aiSystemId: other, name: 'Renamed' }, { as: c }));
    // A new AI system belongs to nobody yet: while scoping is on, managers register systems.
    await refused(() => u.run(systems.create, { name: 'New', purpose: 'New.' }, { as: c }));
  });

  it('keeps owners and managers on the whole organization, and records of no system open', async () => {
    const theirs = await makeRisk(u, { aiSystemIds: [other] });
    await u.run(
      updateRisk,
      { riskId: theirs.id, title: 'By the manager' },
      { as: u.members.manager },
    );
    await u.run(createRisk, { title: 'Of the organization', aiSystemIds: [] }, { as: c });
  });

  it('counts Responsible or Accountable in the RACI register as assigned, which only managers grant', async () => {
    const raci = registerCommands(registerOf('responsibilities'));
    const theirs = await makeRisk(u, { aiSystemIds: [other] });
    const grant = {
      memberId: c.memberId,
      subjectType: 'ai_system',
      subjectId: other,
      raci: 'responsible',
    };
    const head = await u.head();
    await expect(u.run(raci.create, grant, { as: c })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/only managers and owners/),
    });
    expect(await u.head()).toBe(head);
    const line = await u.run(raci.create, grant);
    await u.run(updateRisk, { riskId: theirs.id, title: 'Now mine through RACI' }, { as: c });
    // Consulted does not assign: a contributor assigned to the system may record it.
    await u.run(
      raci.create,
      {
        memberId: u.members.viewer.memberId,
        subjectType: 'ai_system',
        subjectId: mine,
        raci: 'consulted',
      },
      { as: c },
    );
    await u.run(raci.remove, { responsibilityId: line.id });
    await refused(() => u.run(updateRisk, { riskId: theirs.id, title: 'x' }, { as: c }));
  });

  it("answers abilities from the same rule: can() with the record's systems", async () => {
    const access = await u.access(c);
    expect(can(access, 'risks.update', [mine])).toBe(true);
    expect(can(access, 'risks.update', [other])).toBe(false);
    expect(can(access, 'risks.update', [other, mine])).toBe(true);
    expect(can(access, 'risks.update', [])).toBe(true);
    expect(can(access, 'risks.update')).toBe(true);
    // An action the matrix does not scope is not limited.
    expect(can(access, 'policies.create', [other])).toBe(true);
    expect(can(await u.access(u.members.manager), 'risks.update', [other])).toBe(true);
  });

  it('takes a withdrawn assignment into account at once', async () => {
    const risk = await makeRisk(u, { aiSystemIds: [mine] });
    await u.run(unassignMember, { assignmentId: assignment });
    await refused(() => u.run(updateRisk, { riskId: risk.id, title: 'x' }, { as: c }));
    expect(await u.verify()).toEqual([]);
  });
});
