import { z } from 'zod';
import {
  AI_ACT,
  AI_ACT_FLAG_LISTS,
  AI_ACT_ROLES,
  ANNEX_I_SECTIONS,
  DEPLOYER_KINDS,
  type AiActField,
  type AiActQuestion,
} from '../../catalog/ai-act.js';

type FlagList = (typeof AI_ACT_FLAG_LISTS)[number];
type SingleField = keyof typeof AI_ACT.questions;

const part = (field: AiActField) => AI_ACT.parts.find((p) => p.fields.includes(field))!;
const allFalse = (qs: readonly AiActQuestion[]) =>
  Object.fromEntries(qs.map((q) => [q.id, false])) as Record<string, boolean>;
const listNote = (field: FlagList) => `${part(field).ref}: ${part(field).title}.`;
const flagOf = (q: AiActQuestion) => z.boolean().describe(`${q.ref}: ${q.question}`);
/** A list of yes/no questions, every one answered. */
const flags = (field: FlagList) =>
  z
    .object(Object.fromEntries(AI_ACT[field].map((q) => [q.id, flagOf(q)])))
    .strict()
    .describe(listNote(field));
/** A list of yes/no questions added in version 2: each left out is a no, the list left out all no. */
const optionalFlags = (field: FlagList) =>
  z
    .object(Object.fromEntries(AI_ACT[field].map((q) => [q.id, flagOf(q).default(false)])))
    .strict()
    .default(allFalse(AI_ACT[field]))
    .describe(`${listNote(field)} Default: all no.`);
const asked = (field: SingleField) => {
  const q = AI_ACT.questions[field];
  return `${q.ref}: ${q.question}${q.note ? ` ${q.note}` : ''}`;
};

/**
 * The answers of the EU AI Act questionnaire for one AI system; the wording is the catalog's.
 * The answers added with the scope gate, the further roles and Art. 25 (version 2) are optional
 * and default to the values an older set of answers meant: in the Union, no exclusion, a private
 * deployer, Annex I Section A, no lawful biometric identification, no open-source model.
 */
export const answersSchema = z
  .object({
    union: z
      .boolean()
      .default(true)
      .describe(`${asked('union')} Default: yes.`),
    scope: optionalFlags('scope'),
    role: z.enum(AI_ACT_ROLES).describe(asked('role')),
    outsideUnion: z
      .boolean()
      .default(false)
      .describe(`${asked('outsideUnion')} Default: no.`),
    deployerKind: z
      .enum(DEPLOYER_KINDS)
      .default('private')
      .describe(`${asked('deployerKind')} Default: private.`),
    providerEvents: optionalFlags('providerEvents'),
    prohibited: flags('prohibited'),
    rbi: optionalFlags('rbi'),
    annexI: z.boolean().describe(asked('annexI')),
    annexISection: z
      .enum(ANNEX_I_SECTIONS)
      .default('A')
      .describe(`${asked('annexISection')} Default: A.`),
    annexIII: z
      .array(z.number().int().min(1).max(AI_ACT.annexIII.length))
      .max(AI_ACT.annexIII.length)
      .refine((a) => new Set(a).size === a.length, 'Each area once.')
      .describe(
        `${asked('annexIII')} (${AI_ACT.annexIII.map((a) => `${a.n}. ${a.title}`).join('; ')})`,
      ),
    annexIIIPoints: optionalFlags('annexIIIPoints'),
    exceptions: flags('exceptions'),
    profiling: z.boolean().describe(asked('profiling')),
    transparency: flags('transparency'),
    generalPurposeModel: z.boolean().describe(asked('generalPurposeModel')),
    systemicRisk: z.boolean().describe(asked('systemicRisk')),
    openSourceModel: z
      .boolean()
      .default(false)
      .describe(`${asked('openSourceModel')} Default: no.`),
  })
  .strict();

export type Answers = z.infer<typeof answersSchema>;
/** Answers as a client may send them: the optional ones left out take their defaults. */
export type AnswersInput = z.input<typeof answersSchema>;

/**
 * A complete set of answers that finds nothing: the starting point of the questionnaire. A sector
 * profile (Annex D) that wants other starting answers overrides fields of it with withDefaults.
 */
export const DEFAULT_ANSWERS: Answers = answersSchema.parse({
  role: 'provider',
  prohibited: allFalse(AI_ACT.prohibited),
  annexI: false,
  annexIII: [],
  exceptions: allFalse(AI_ACT.exceptions),
  profiling: false,
  transparency: allFalse(AI_ACT.transparency),
  generalPurposeModel: false,
  systemicRisk: false,
});

/** DEFAULT_ANSWERS with some answers replaced (flag lists merged question by question). */
export function withDefaults(over: Partial<Answers>, base: Answers = DEFAULT_ANSWERS): Answers {
  const merged = { ...base, ...over } as Record<string, unknown>;
  for (const list of AI_ACT_FLAG_LISTS)
    merged[list] = { ...base[list], ...(over[list] ?? {}) } as Record<string, boolean>;
  return answersSchema.parse(merged);
}

/**
 * The answers in one spelling: Annex III areas in ascending order, every flag in catalog order,
 * the optional answers filled in. Two sets of answers that say the same thing normalize to the
 * same JSON text.
 */
export function normalizeAnswers(a: AnswersInput): Answers {
  const p = answersSchema.parse(a);
  const flagsOf = (list: FlagList) =>
    Object.fromEntries(
      AI_ACT[list].map((q) => [q.id, (p[list] as Record<string, boolean>)[q.id] === true]),
    );
  return {
    union: p.union,
    scope: flagsOf('scope') as Answers['scope'],
    role: p.role,
    outsideUnion: p.outsideUnion,
    deployerKind: p.deployerKind,
    providerEvents: flagsOf('providerEvents') as Answers['providerEvents'],
    prohibited: flagsOf('prohibited') as Answers['prohibited'],
    rbi: flagsOf('rbi') as Answers['rbi'],
    annexI: p.annexI,
    annexISection: p.annexISection,
    annexIII: [...p.annexIII].sort((x, y) => x - y),
    annexIIIPoints: flagsOf('annexIIIPoints') as Answers['annexIIIPoints'],
    exceptions: flagsOf('exceptions') as Answers['exceptions'],
    profiling: p.profiling,
    transparency: flagsOf('transparency') as Answers['transparency'],
    generalPurposeModel: p.generalPurposeModel,
    systemicRisk: p.systemicRisk,
    openSourceModel: p.openSourceModel,
  };
}

/** Whether two sets of answers say the same thing (see normalizeAnswers). */
export const sameAnswers = (a: AnswersInput, b: AnswersInput) =>
  JSON.stringify(normalizeAnswers(a)) === JSON.stringify(normalizeAnswers(b));
