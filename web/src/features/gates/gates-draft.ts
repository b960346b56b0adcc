// A draft of gate criteria as the editor changes it: every stage with its criteria (each with a
// local key, so a criterion keeps its place while it is retyped), sent whole as a new version.
// Plain functions and the types of the criteria language, with no imports, so that
// test/gates-draft.test.ts checks them against the server's schema.

/** ISO/IEC 22989 life cycle stages, in order (as ../ai-systems/api; the test checks the server's). */
export const STAGE_ORDER = [
  'inception',
  'design_and_development',
  'verification_and_validation',
  'deployment',
  'operation_and_monitoring',
  'continuous_validation',
  're_evaluation',
  'retirement',
] as const;

/** What a criterion requires: one check the server evaluates against the records. */
export type Check =
  | { kind: 'evidence'; evidenceKind: string; per: 'system' | 'model_version' }
  | { kind: 'impact_assessment'; approved: boolean }
  | { kind: 'risks_treated'; atLeastOne: boolean }
  | { kind: 'datasets'; fields: DatasetField[]; atLeastOne: boolean }
  | { kind: 'model_version'; modelCard: boolean }
  | { kind: 'system_fields'; fields: SystemField[] };
export type CheckKind = Check['kind'];

export const DATASET_FIELDS = ['qualityChecks', 'provenance', 'preparation'] as const;
export type DatasetField = (typeof DATASET_FIELDS)[number];
export const SYSTEM_FIELDS = [
  'intendedUse',
  'foreseeableMisuse',
  'humanOversight',
  'affectedPeople',
  'deploymentContext',
  'automationLevel',
  'ownerMemberId',
] as const;
export type SystemField = (typeof SYSTEM_FIELDS)[number];

export interface Criterion {
  id: string;
  title: string;
  control: string;
  why: string | null;
  check: Check;
}

export interface Gate {
  stage: (typeof STAGE_ORDER)[number];
  criteria: Criterion[];
}

export interface CriteriaInput {
  enforced: boolean;
  gates: Gate[];
  changeNote?: string | null;
}

/** What the draft is made from: the criteria in force, or the proposed ones. */
export interface DraftSource {
  status: 'in_force' | 'replaced' | 'proposed';
  enforced: boolean;
  gates: Gate[];
}

export interface DraftCriterion extends Criterion {
  key: number;
  /** Whether the criterion came from the version edited (it keeps its id) or is new. */
  isNew: boolean;
}

export interface GatesDraft {
  enforced: boolean;
  changeNote: string;
  gates: Record<string, DraftCriterion[]>;
}

let next = 0;

export function toDraft(c: DraftSource): GatesDraft {
  const gates: Record<string, DraftCriterion[]> = {};
  for (const stage of STAGE_ORDER)
    gates[stage] = (c.gates.find((g) => g.stage === stage)?.criteria ?? []).map((x) => ({
      ...x,
      key: ++next,
      isNew: false,
    }));
  // Proposed criteria are adopted enforced unless the manager says otherwise.
  return { enforced: c.status === 'proposed' ? true : c.enforced, changeNote: '', gates };
}

/** What each kind of check starts as when a criterion switches to it. */
export const CHECK_DEFAULTS: Record<CheckKind, Check> = {
  evidence: { kind: 'evidence', evidenceKind: '', per: 'system' },
  impact_assessment: { kind: 'impact_assessment', approved: true },
  risks_treated: { kind: 'risks_treated', atLeastOne: true },
  datasets: { kind: 'datasets', fields: ['qualityChecks'], atLeastOne: true },
  model_version: { kind: 'model_version', modelCard: false },
  system_fields: { kind: 'system_fields', fields: ['intendedUse'] },
};

export function addCriterion(d: GatesDraft, stage: string): GatesDraft {
  const blank: DraftCriterion = {
    key: ++next,
    isNew: true,
    id: '',
    title: '',
    control: '',
    why: null,
    check: CHECK_DEFAULTS.evidence,
  };
  return { ...d, gates: { ...d.gates, [stage]: [...(d.gates[stage] ?? []), blank] } };
}

export function removeCriterion(d: GatesDraft, stage: string, key: number): GatesDraft {
  return { ...d, gates: { ...d.gates, [stage]: d.gates[stage]!.filter((c) => c.key !== key) } };
}

export function changeCriterion(
  d: GatesDraft,
  stage: string,
  key: number,
  change: Partial<Criterion>,
): GatesDraft {
  return {
    ...d,
    gates: {
      ...d.gates,
      [stage]: d.gates[stage]!.map((c) => (c.key === key ? { ...c, ...change } : c)),
    },
  };
}

/** A key for a new criterion from its title, unique in its gate. */
function idFor(title: string, taken: Set<string>): string {
  const base =
    title
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 50) || 'criterion';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

/**
 * The draft as the API takes it, and for each gate sent the stage and the keys of its criteria
 * in order (to place the server's field errors, which point into the list sent).
 */
export function fromDraft(d: GatesDraft): {
  input: CriteriaInput;
  sent: { stage: string; keys: number[] }[];
} {
  const sent: { stage: string; keys: number[] }[] = [];
  const gates = STAGE_ORDER.filter((s) => (d.gates[s] ?? []).length > 0).map((stage) => {
    const list = d.gates[stage]!;
    const taken = new Set(list.filter((c) => !c.isNew).map((c) => c.id));
    sent.push({ stage, keys: list.map((c) => c.key) });
    return {
      stage,
      criteria: list.map((c) => ({
        id: c.isNew ? idFor(c.title, taken) : c.id,
        title: c.title,
        control: c.control.trim(),
        why: c.why && c.why.trim() ? c.why : null,
        check: c.check,
      })),
    };
  });
  return {
    input: { enforced: d.enforced, gates, changeNote: d.changeNote.trim() || null },
    sent,
  };
}

/** What a check asks, in words. */
export function describeCheck(c: Check): string {
  const words = (s: string) => s.replace(/_/g, ' ').replace(/[A-Z]/g, (x) => ` ${x.toLowerCase()}`);
  switch (c.kind) {
    case 'evidence':
      return `Valid evidence of kind “${c.evidenceKind}” linked to the system${c.per === 'model_version' ? ', for the model version' : ''}.`;
    case 'impact_assessment':
      return c.approved
        ? 'An approved impact assessment of the system, within its due date.'
        : 'An impact assessment of the system, a draft will do.';
    case 'risks_treated':
      return `Every risk of the system treated, closed or accepted${c.atLeastOne ? ', and at least one recorded' : ''}.`;
    case 'datasets':
      return `Every dataset of the system records its ${c.fields.map(words).join(', ')}${c.atLeastOne ? ', and at least one is recorded' : ''}.`;
    case 'model_version':
      return `The model version is in the system's model inventory${c.modelCard ? ' with a model card' : ''}.`;
    case 'system_fields':
      return `The AI system record states its ${c.fields.map(words).join(', ')}.`;
  }
}
