/**
 * The Statement of Applicability for command tests, made through the SoA module's public
 * commands: every Annex A control decided, and a version frozen for approval.
 */
import { ANNEX_A_CONTROL_IDS } from '../../src/catalog/index.js';
import { decideControl, snapshotSoa } from '../../src/modules/soa/index.js';
import type { Unit, UnitMember } from '../unit.js';

/** Decides every Annex A control (again, if decided before): applicable and planned. */
export async function decideEveryControl(u: Unit, as: UnitMember = u.members.owner) {
  for (const controlId of ANNEX_A_CONTROL_IDS)
    await u.run(
      decideControl,
      {
        controlId,
        applicable: true,
        justification: 'Needed for the AI systems in scope.',
        implementationStatus: 'planned',
      },
      { as },
    );
}

/** A version of the statement frozen by `as` (default: the owner), every control decided first. */
export async function makeSoaVersion(u: Unit, as: UnitMember = u.members.owner) {
  await decideEveryControl(u, as);
  return u.run(snapshotSoa, { changeNote: 'Fixture' }, { as });
}
