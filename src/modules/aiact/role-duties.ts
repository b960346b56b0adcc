// Which duties of duties.ts apply, by role, to a high-risk system and to a general-purpose model.
import type { Answers } from './answers.js';
import * as D from './duties.js';
import type { Duty, Who } from './duties.js';

type Add = (who: Who, duty: Duty) => void;

/** A high-risk system's duties for each role; `areas` are its Annex III points, when it is high-risk through them. */
export function highRiskDuties(
  a: Answers,
  roles: Set<Who>,
  areas: number[],
  viaAnnexIII: boolean,
  add: Add,
) {
  if (roles.has('provider')) {
    if (a.outsideUnion) add('provider', D.APPOINT_REPRESENTATIVE);
    for (const d of D.HIGH_RISK_PROVIDER) add('provider', d);
    add(
      'provider',
      a.annexI
        ? D.CONFORMITY.sectoral
        : areas.includes(1)
          ? D.CONFORMITY.biometrics
          : D.CONFORMITY.internal,
    );
    for (const d of D.AFTER_CONFORMITY) add('provider', d);
    if (viaAnnexIII)
      add(
        'provider',
        areas.every((n) => n === 2)
          ? D.REGISTRATION.national
          : areas.some((n) => [1, 6, 7].includes(n))
            ? D.REGISTRATION.secure
            : D.REGISTRATION.union,
      );
    for (const d of D.MONITORING) add('provider', d);
  }
  if (roles.has('deployer')) {
    for (const d of D.HIGH_RISK_DEPLOYER) add('deployer', d);
    const beyondPoint2 = viaAnnexIII && areas.some((n) => n !== 2);
    if (viaAnnexIII) for (const d of D.ANNEX_III_DEPLOYER) add('deployer', d);
    if (beyondPoint2 && a.deployerKind === 'public_authority') add('deployer', D.REGISTER_USE);
    const publicSide = a.deployerKind !== 'private';
    const creditOrInsurance = a.annexIIIPoints.credit || a.annexIIIPoints.insurance;
    if (beyondPoint2 && (publicSide || creditOrInsurance)) add('deployer', D.FRIA);
    if (beyondPoint2) add('deployer', D.EXPLANATION);
  }
  if (roles.has('importer')) for (const d of D.IMPORTER) add('importer', d);
  if (roles.has('distributor')) for (const d of D.DISTRIBUTOR) add('distributor', d);
  if (roles.has('authorised_representative'))
    for (const d of D.REPRESENTATIVE) add('authorised_representative', d);
}

/** A general-purpose model's duties: Art. 52 to 55, with the open-source exemption of Art. 53(2). */
export function gpaiDuties(a: Answers, roles: Set<Who>, add: Add) {
  const exempt = a.openSourceModel && !a.systemicRisk;
  if (roles.has('provider')) {
    if (a.systemicRisk) add('provider', D.GPAI.notify);
    if (exempt) add('provider', D.GPAI.openSource);
    else for (const d of [D.GPAI.documentation, D.GPAI.downstream]) add('provider', d);
    for (const d of [D.GPAI.copyright, D.GPAI.summary]) add('provider', d);
    if (a.systemicRisk) add('provider', D.GPAI.systemic);
    if (a.outsideUnion && !exempt) add('provider', D.GPAI.representative);
  }
  if (roles.has('authorised_representative') && !exempt)
    add('authorised_representative', D.GPAI_REPRESENTATIVE);
}
