import { z } from 'zod';
import { AI_ACT, AI_ACT_ROLES, type AiActField, type AiActQuestion } from '../../catalog/ai-act.js';

const part = (field: AiActField) => AI_ACT.parts.find((p) => p.fields.includes(field))!;
const flags = (qs: readonly AiActQuestion[], field: AiActField) =>
  z
    .object(
      Object.fromEntries(qs.map((q) => [q.id, z.boolean().describe(`${q.ref}: ${q.question}`)])),
    )
    .strict()
    .describe(`${part(field).ref}: ${part(field).title}.`);
const asked = (field: keyof typeof AI_ACT.questions) => {
  const q = AI_ACT.questions[field];
  return `${q.ref}: ${q.question}${q.note ? ` ${q.note}` : ''}`;
};

/** The answers of the EU AI Act questionnaire for one AI system; the wording is the catalog's. */
export const answersSchema = z
  .object({
    role: z.enum(AI_ACT_ROLES).describe(asked('role')),
    prohibited: flags(AI_ACT.prohibited, 'prohibited'),
    annexI: z.boolean().describe(asked('annexI')),
    annexIII: z
      .array(z.number().int().min(1).max(AI_ACT.annexIII.length))
      .max(AI_ACT.annexIII.length)
      .refine((a) => new Set(a).size === a.length, 'Each area once.')
      .describe(
        `${asked('annexIII')} (${AI_ACT.annexIII.map((a) => `${a.n}. ${a.title}`).join('; ')})`,
      ),
    exceptions: flags(AI_ACT.exceptions, 'exceptions'),
    profiling: z.boolean().describe(asked('profiling')),
    transparency: flags(AI_ACT.transparency, 'transparency'),
    generalPurposeModel: z.boolean().describe(asked('generalPurposeModel')),
    systemicRisk: z.boolean().describe(asked('systemicRisk')),
  })
  .strict();

export type Answers = z.infer<typeof answersSchema>;

/**
 * The answers in one spelling: Annex III areas in ascending order, every flag in catalog order.
 * Two sets of answers that say the same thing normalize to the same JSON text.
 */
export function normalizeAnswers(a: Answers): Answers {
  const flagsOf = <T extends Record<string, boolean>>(qs: readonly AiActQuestion[], v: T) =>
    Object.fromEntries(qs.map((q) => [q.id, v[q.id as keyof T] === true])) as T;
  return {
    role: a.role,
    prohibited: flagsOf(AI_ACT.prohibited, a.prohibited),
    annexI: a.annexI,
    annexIII: [...a.annexIII].sort((x, y) => x - y),
    exceptions: flagsOf(AI_ACT.exceptions, a.exceptions),
    profiling: a.profiling,
    transparency: flagsOf(AI_ACT.transparency, a.transparency),
    generalPurposeModel: a.generalPurposeModel,
    systemicRisk: a.systemicRisk,
  };
}

/** Whether two sets of answers say the same thing (see normalizeAnswers). */
export const sameAnswers = (a: Answers, b: Answers) =>
  JSON.stringify(normalizeAnswers(a)) === JSON.stringify(normalizeAnswers(b));
/** The tiers a proposal can give. */
export const TIERS = [
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
  obligations: { ref: string; title: string; who: 'provider' | 'deployer'; note: string }[];
}

const art = (ref: string) => AI_ACT.articles[ref.split('(')[0]!.trim()] ?? ref;

/**
 * Proposes the tier from the answers, with the reasons and the obligations that follow for the
 * organization's role. A person confirms it; the proposal is never applied on its own.
 */
export function proposeTier(a: Answers): Proposal {
  const reasons: Proposal['reasons'] = [];
  const ob: Proposal['obligations'] = [];
  const provider = a.role === 'provider' || a.role === 'both';
  const deployer = a.role === 'deployer' || a.role === 'both';
  const add = (who: 'provider' | 'deployer', ref: string, note: string) =>
    ob.push({ ref, title: art(ref), who, note });
  const everyone = () => {
    if (provider)
      add('provider', 'Art. 4', 'Staff who build or run the system need sufficient AI literacy.');
    if (deployer)
      add('deployer', 'Art. 4', 'Staff who use the system need sufficient AI literacy.');
  };

  const banned = AI_ACT.prohibited.filter((q) => a.prohibited[q.id as keyof typeof a.prohibited]);
  if (banned.length) {
    for (const q of banned) reasons.push({ ref: q.ref, text: `Answered yes: ${q.question}` });
    if (provider)
      add(
        'provider',
        'Art. 5',
        'The practice may not be placed on the market or put into service in the EU.',
      );
    if (deployer) add('deployer', 'Art. 5', 'The practice may not be used in the EU.');
    return { tier: 'prohibited', reasons, obligations: ob };
  }

  let tier: Tier = 'minimal_risk';
  const areas = AI_ACT.annexIII.filter((x) => a.annexIII.includes(x.n));
  const exceptions = AI_ACT.exceptions.filter(
    (q) => a.exceptions[q.id as keyof typeof a.exceptions],
  );
  if (a.annexI) {
    tier = 'high_risk';
    reasons.push({
      ref: 'Art. 6(1)',
      text: 'A product, or the safety component of a product, under Annex I legislation with third-party conformity assessment.',
    });
  } else if (areas.length) {
    const areaText = areas.map((x) => `${x.n}. ${x.title}`).join('; ');
    if (exceptions.length && !a.profiling) {
      reasons.push({
        ref: 'Art. 6(3)',
        text: `Falls in Annex III (${areaText}) but meets ${exceptions.map((q) => q.ref).join(', ')}, and profiles no one: not high-risk.`,
      });
      if (provider)
        add(
          'provider',
          'Art. 6',
          'Document why the system is not high-risk before placing it on the market, and register it (Art. 6(4), Art. 49(2)).',
        );
    } else {
      tier = 'high_risk';
      reasons.push({ ref: 'Art. 6(2)', text: `Intended purpose in Annex III: ${areaText}.` });
      if (exceptions.length && a.profiling)
        reasons.push({
          ref: 'Art. 6(3)',
          text: 'The Art. 6(3) exceptions do not apply because the system profiles natural persons.',
        });
    }
  }
  if (tier === 'high_risk') {
    if (provider) {
      for (const [ref, note] of [
        ['Art. 9', 'Run a risk management system over the whole life cycle.'],
        [
          'Art. 10',
          'Govern training, validation and test data: quality, relevance, bias examination.',
        ],
        ['Art. 11', 'Draw up and keep the technical documentation.'],
        ['Art. 12', 'Make the system log events automatically.'],
        ['Art. 13', 'Give deployers instructions for use and the information they need.'],
        ['Art. 14', 'Design for effective human oversight.'],
        ['Art. 15', 'Achieve appropriate accuracy, robustness and cybersecurity.'],
        ['Art. 17', 'Operate a quality management system.'],
        ['Art. 43', 'Pass the conformity assessment before placing on the market.'],
        ['Art. 49', 'Register the system in the EU database.'],
        ['Art. 72', 'Monitor the system after placing it on the market.'],
        ['Art. 73', 'Report serious incidents to the market surveillance authority.'],
      ] as const)
        add('provider', ref, note);
    }
    if (deployer) {
      add(
        'deployer',
        'Art. 26',
        'Use it as instructed, assign competent human oversight, monitor it, keep its logs, inform affected workers.',
      );
      add(
        'deployer',
        'Art. 27',
        'Public bodies and some private deployers (credit, insurance) assess the impact on fundamental rights first.',
      );
      add(
        'deployer',
        'Art. 73',
        'Tell the provider, and where required the authority, about serious incidents.',
      );
    }
  }

  const cases = AI_ACT.transparency.filter(
    (q) => a.transparency[q.id as keyof typeof a.transparency],
  );
  for (const q of cases) {
    reasons.push({ ref: q.ref, text: `Transparency case: ${q.question}` });
    const providerCase = q.id === 'interacts' || q.id === 'synthetic';
    if (providerCase && provider)
      add(
        'provider',
        q.ref,
        q.id === 'interacts'
          ? 'Design it so people know they are dealing with an AI system.'
          : 'Mark generated content as artificial in a machine-readable way.',
      );
    if (!providerCase && deployer)
      add(
        'deployer',
        q.ref,
        q.id === 'emotion'
          ? 'Inform the people exposed to it.'
          : 'Disclose that the content was generated or manipulated.',
      );
  }
  if (cases.length && tier === 'minimal_risk') tier = 'limited_risk';

  if (a.generalPurposeModel) {
    reasons.push({
      ref: 'Art. 53',
      text: `A general-purpose AI model${a.systemicRisk ? ' with systemic risk' : ''} is involved (Chapter V).`,
    });
    if (provider) {
      add(
        'provider',
        'Art. 53',
        'Keep technical documentation, inform downstream providers, have a copyright policy, publish a training-content summary.',
      );
      if (a.systemicRisk)
        add(
          'provider',
          'Art. 55',
          'Evaluate the model, assess and mitigate systemic risks, report serious incidents, ensure cybersecurity.',
        );
    }
    if (tier === 'minimal_risk') tier = 'general_purpose';
  }
  if (reasons.length === 0)
    reasons.push({
      ref: 'Art. 6',
      text: 'No prohibited practice, no Annex I product, no Annex III area and no transparency case.',
    });
  everyone();
  return { tier, reasons, obligations: ob };
}
