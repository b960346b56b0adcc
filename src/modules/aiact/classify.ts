import { AI_ACT, type AiActQuestion } from '../../catalog/ai-act.js';
import type { Answers, AnswersInput } from './answers.js';
import { normalizeAnswers } from './answers.js';
import * as D from './duties.js';
import type { Duty, Who } from './duties.js';
import { gpaiDuties, highRiskDuties } from './role-duties.js';

export {
  answersSchema,
  DEFAULT_ANSWERS,
  normalizeAnswers,
  sameAnswers,
  withDefaults,
  type Answers,
  type AnswersInput,
} from './answers.js';

/** The tiers a proposal can give. */
export const TIERS = [
  'out_of_scope',
  'prohibited',
  'high_risk',
  'limited_risk',
  'minimal_risk',
  'general_purpose',
] as const;
export type Tier = (typeof TIERS)[number];

export interface Proposal {
  tier: Tier;
  reasons: { ref: string; text: string }[];
  obligations: { ref: string; title: string; who: Who; note: string }[];
}

const art = (ref: string) => AI_ACT.articles[ref.split('(')[0]!.split(',')[0]!.trim()] ?? ref;
const yes = (qs: readonly AiActQuestion[], v: Record<string, boolean>) =>
  qs.filter((q) => v[q.id] === true);

/** The Art. 2 exclusions that apply whatever the system does (open source is decided later). */
function exclusions(a: Answers): Proposal['reasons'] {
  const out: Proposal['reasons'] = [];
  if (!a.union)
    out.push({
      ref: 'Art. 2(1)',
      text: 'Not placed on the market, put into service or used in the EU, and its output is not used there.',
    });
  for (const q of yes(AI_ACT.scope, a.scope)) {
    if (q.id === 'opensource') continue;
    if (q.id === 'personal' && a.role !== 'deployer') continue;
    out.push({ ref: q.ref, text: `Excluded: ${q.question}` });
  }
  return out;
}

/**
 * Proposes the tier from the answers, with the reasons and the duties that follow for the
 * organization's role, each naming its article. Scope first (Art. 2): an exclusion gives
 * out_of_scope with no duties. A person confirms the proposal; it is never applied on its own.
 */
export function proposeTier(given: AnswersInput): Proposal {
  const a = normalizeAnswers(given);
  const reasons: Proposal['reasons'] = [];
  const ob: Proposal['obligations'] = [];
  const add = (who: Who, [ref, note]: Duty) => ob.push({ ref, title: art(ref), who, note });
  const outOfScope = (why: Proposal['reasons']): Proposal => ({
    tier: 'out_of_scope',
    reasons: why,
    obligations: [],
  });

  const excluded = exclusions(a);
  if (excluded.length) return outOfScope(excluded);
  if (a.scope.personal)
    reasons.push({
      ref: 'Art. 2(10)',
      text: 'Purely personal use relieves only a deployer who is a natural person; the organization’s role keeps its duties.',
    });

  const roles = new Set<Who>();
  if (['provider', 'both', 'product_manufacturer'].includes(a.role)) roles.add('provider');
  if (['deployer', 'both'].includes(a.role)) roles.add('deployer');
  if (a.role === 'importer' || a.role === 'distributor') roles.add(a.role);
  if (a.role === 'authorised_representative') roles.add('authorised_representative');

  // Prohibited practices (Art. 5), and real-time biometric identification outside its exceptions.
  const banned = yes(AI_ACT.prohibited, a.prohibited);
  const rbiLawful = a.rbi.used && a.rbi.objective && a.rbi.law;
  if (banned.length || (a.rbi.used && !rbiLawful)) {
    for (const q of banned) reasons.push({ ref: q.ref, text: `Answered yes: ${q.question}` });
    if (a.rbi.used && !rbiLawful)
      reasons.push({
        ref: 'Art. 5(1)(h), Art. 5(5)',
        text: 'Real-time remote biometric identification for law enforcement, without one of the listed objectives or without national law allowing it.',
      });
    for (const who of roles)
      ob.push({ ref: 'Art. 5', title: art('Art. 5'), who, note: D.BANNED[who] });
    return { tier: 'prohibited', reasons, obligations: ob };
  }

  // High-risk (Art. 6). Some answers place the system in Annex III whatever areas were ticked.
  const areas = new Set(a.annexIII);
  if (rbiLawful) {
    areas.add(1);
    reasons.push({
      ref: 'Art. 5(1)(h), Art. 5(5), Annex III point 1(a)',
      text: 'Real-time remote biometric identification for one of the listed law enforcement objectives, allowed by national law: lawful under the conditions of Art. 5(2) to (4); the authorities report each year on these uses (Art. 5(6), (7)).',
    });
  }
  if (a.transparency.emotion) {
    areas.add(1);
    reasons.push({
      ref: 'Annex III point 1(b), Annex III point 1(c)',
      text: 'Emotion recognition or biometric categorisation, where lawful, is an Annex III point 1 use.',
    });
  }
  const credit = yes(AI_ACT.annexIIIPoints, a.annexIIIPoints);
  if (credit.length) areas.add(5);
  const annexIII = AI_ACT.annexIII.filter((x) => areas.has(x.n));
  const exceptions = yes(AI_ACT.exceptions, a.exceptions);

  const sectionB = a.annexI && a.annexISection === 'B';
  if (sectionB && annexIII.length === 0) {
    reasons.push({
      ref: 'Art. 6(1), Art. 2(2)',
      text: 'A safety component of, or itself, a product under the type-approval legislation of Annex I Section B: high-risk, but only the limited provisions of Art. 2(2) apply.',
    });
    for (const who of roles) add(who, D.TYPE_APPROVAL);
    return { tier: 'high_risk', reasons, obligations: ob };
  }

  let tier: Tier = 'minimal_risk';
  let viaAnnexIII = false;
  if (a.annexI && !sectionB) {
    tier = 'high_risk';
    reasons.push({
      ref: 'Art. 6(1)',
      text: 'A product, or the safety component of a product, under the Annex I Section A legislation with third-party conformity assessment.',
    });
  }
  if (annexIII.length) {
    const areaText = annexIII.map((x) => `${x.n}. ${x.title}`).join('; ');
    if (exceptions.length && !a.profiling) {
      reasons.push({
        ref: 'Art. 6(3)',
        text: `Falls in Annex III (${areaText}) but meets ${exceptions.map((q) => q.ref).join(', ')}, and profiles no one: not high-risk on that ground.`,
      });
      if (roles.has('provider') && tier !== 'high_risk') add('provider', D.NOT_HIGH_RISK);
    } else {
      tier = 'high_risk';
      viaAnnexIII = true;
      reasons.push({ ref: 'Art. 6(2)', text: `Intended purpose in Annex III: ${areaText}.` });
      if (exceptions.length)
        reasons.push({
          ref: 'Art. 6(3)',
          text: 'The Art. 6(3) exceptions do not apply because the system profiles natural persons.',
        });
    }
  }

  // Art. 25: a deployer, importer or distributor that does one of these becomes the provider.
  const events = yes(AI_ACT.providerEvents, a.providerEvents);
  if (events.length && !roles.has('provider') && a.role !== 'authorised_representative') {
    if (tier === 'high_risk') {
      reasons.push({
        ref: events.map((q) => q.ref).join(', '),
        text: 'The organization counts as the provider of this high-risk system and has the provider’s duties; the initial provider is no longer its provider but must cooperate (Art. 25(2)).',
      });
      roles.delete('importer');
      roles.delete('distributor');
      roles.add('provider');
    } else
      reasons.push({
        ref: 'Art. 25(1)',
        text: 'Art. 25(1) changes the role only for a high-risk system; this one is not.',
      });
  }
  if (a.role === 'product_manufacturer')
    reasons.push(
      a.annexI && tier === 'high_risk'
        ? {
            ref: 'Art. 25(3)',
            text: 'The manufacturer of the Annex I product counts as the provider of the high-risk AI system placed on the market or put into service with it under its name.',
          }
        : {
            ref: 'Art. 2(1)(e)',
            text: 'A product manufacturer placing the system on the market with its product under its own name has the provider’s duties.',
          },
    );

  if (tier === 'high_risk')
    highRiskDuties(
      a,
      roles,
      annexIII.map((x) => x.n),
      viaAnnexIII,
      add,
    );
  else if (
    roles.has('importer') ||
    roles.has('distributor') ||
    roles.has('authorised_representative')
  )
    reasons.push({
      ref: 'Art. 22, Art. 23, Art. 24',
      text: 'Importers, distributors and authorised representatives have duties only for high-risk systems (and general-purpose models).',
    });
  if (rbiLawful && roles.has('deployer'))
    for (const k of ['assessment', 'authorisation', 'notification'] as const) {
      const [ref, note] = D.RBI[k];
      add('deployer', [ref, a.rbi[k] ? note : `${note} Not in place yet.`]);
    }

  const cases = yes(AI_ACT.transparency, a.transparency);
  for (const q of cases) {
    reasons.push({ ref: q.ref, text: `Transparency case: ${q.question}` });
    const t = D.TRANSPARENCY[q.id];
    if (t && roles.has(t.who)) add(t.who, [q.ref, t.note]);
  }
  if (cases.length && tier === 'minimal_risk') tier = 'limited_risk';

  if (a.generalPurposeModel) {
    reasons.push({
      ref: 'Art. 53',
      text: `A general-purpose AI model${a.systemicRisk ? ' with systemic risk' : ''}${a.openSourceModel ? ', released as open source,' : ''} is involved (Chapter V).`,
    });
    gpaiDuties(a, roles, add);
    if (tier === 'minimal_risk') tier = 'general_purpose';
  }

  // The open-source exclusion (Art. 2(12)) holds only when nothing else brought the system in.
  if (a.scope.opensource) {
    if (tier === 'minimal_risk')
      return outOfScope([
        {
          ref: 'Art. 2(12)',
          text: 'Released under a free and open-source licence, and neither prohibited, high-risk, nor an Art. 50 case.',
        },
      ]);
    reasons.push({
      ref: 'Art. 2(12)',
      text: 'Released under a free and open-source licence, but the exclusion does not cover high-risk systems, Art. 50 cases or general-purpose models.',
    });
  }
  if (reasons.length === 0)
    reasons.push({
      ref: 'Art. 6',
      text: 'No prohibited practice, no Annex I product, no Annex III area and no transparency case.',
    });
  for (const who of roles) {
    const literacy = D.LITERACY[who];
    if (literacy) add(who, literacy);
  }
  return { tier, reasons, obligations: ob };
}
