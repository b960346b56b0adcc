import type { Kysely } from 'kysely';
import type { DB, Row } from '../../db/schema.js';
import { DATASET_FIELDS, SYSTEM_FIELDS, type Check, type Criterion } from './criteria.js';
import { assessmentsOf, datasetsOf, gateEvidenceOf, modelsOf, risksOf } from './queries.js';

/**
 * Evaluating a gate: the facts about one AI system are read once, then each criterion is decided
 * from them by a plain function, met or unmet, with a reason that names the records it rests on
 * (or that fall short).
 */
export interface Facts {
  today: string;
  system: Row<'ai_systems'>;
  assessments: Awaited<ReturnType<typeof assessmentsOf>>;
  risks: Awaited<ReturnType<typeof risksOf>>;
  datasets: Awaited<ReturnType<typeof datasetsOf>>;
  models: Awaited<ReturnType<typeof modelsOf>>;
  evidence: Awaited<ReturnType<typeof gateEvidenceOf>>;
}

export async function loadFacts(
  db: Kysely<DB>,
  system: Row<'ai_systems'>,
  today: string,
): Promise<Facts> {
  const [orgId, id] = [system.org_id, system.id];
  return {
    today,
    system,
    assessments: await assessmentsOf(db, orgId, id),
    risks: await risksOf(db, orgId, id),
    datasets: await datasetsOf(db, orgId, id),
    models: await modelsOf(db, orgId, id),
    evidence: await gateEvidenceOf(db, orgId, id),
  };
}

/** A record a result rests on: its table, id and a label to show. */
export interface RecordRef {
  type: string;
  id: string;
  label: string;
}

export interface CriterionResult {
  criterion: Criterion;
  met: boolean;
  reason: string;
  records: RecordRef[];
}

/** Which model version a gate checks: the one given, else the newest registered, else none. */
export function versionUnderCheck(
  f: Facts,
  given: string | null | undefined,
): { modelVersion: string | null; source: 'given' | 'latest_registered' | 'none' } {
  if (given) return { modelVersion: given, source: 'given' };
  const latest = f.models[0];
  return latest
    ? { modelVersion: latest.model_version, source: 'latest_registered' }
    : { modelVersion: null, source: 'none' };
}

const MAX_NAMED = 5;
const quote = (s: string) => `“${s}”`;
/** Up to five names, then how many more. */
function names(items: string[]): string {
  const shown = items.slice(0, MAX_NAMED).join(', ');
  return items.length > MAX_NAMED ? `${shown} and ${items.length - MAX_NAMED} more` : shown;
}
const words = (kind: string) => kind.replace(/_/g, ' ');
const camelWords = (k: string) => k.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);

type Result = Omit<CriterionResult, 'criterion'>;
const met = (reason: string, records: RecordRef[] = []): Result => ({ met: true, reason, records });
const unmet = (reason: string, records: RecordRef[] = []): Result => ({
  met: false,
  reason,
  records,
});

type Evidence = Facts['evidence'][number];
const evidenceRef = (e: Evidence): RecordRef => ({
  type: 'evidence',
  id: e.evidence_id,
  label: e.title,
});
function whyNotValid(e: Evidence, today: string): string | null {
  if (!e.link_id) return `${quote(e.title)} is no longer linked to the system`;
  if (e.valid_until && e.valid_until < today)
    return `${quote(e.title)} expired on ${e.valid_until}`;
  if (e.valid_from && e.valid_from > today)
    return `${quote(e.title)} counts only from ${e.valid_from}`;
  return null;
}

function evidenceCheck(
  c: Extract<Check, { kind: 'evidence' }>,
  f: Facts,
  version: string | null,
): Result {
  const what = `${words(c.evidenceKind)} evidence`;
  let pieces = f.evidence.filter((e) => e.kind === c.evidenceKind);
  let scope = 'linked to this system';
  if (c.per === 'model_version') {
    if (!version)
      return unmet(`No model version to check: give one, or register one for this system.`);
    const others = [...new Set(pieces.map((e) => e.model_version ?? 'no version'))].filter(
      (v) => v !== version,
    );
    pieces = pieces.filter((e) => e.model_version === version);
    scope = `for model version ${version}`;
    if (pieces.length === 0)
      return unmet(
        `No ${what} ${scope}${others.length ? ` (there is some for ${names(others)})` : ''}.`,
      );
  }
  if (pieces.length === 0) return unmet(`No ${what} ${scope}.`);
  const valid = pieces.filter((e) => whyNotValid(e, f.today) === null);
  if (valid.length === 0)
    return unmet(
      `No valid ${what} ${scope}: ${names(pieces.map((e) => whyNotValid(e, f.today)!))}.`,
      pieces.map(evidenceRef),
    );
  return met(
    `${valid.length === 1 ? 'Valid' : `${valid.length} pieces of valid`} ${what} ${scope}: ${names(valid.map((e) => quote(e.title)))}.`,
    valid.map(evidenceRef),
  );
}

function assessmentCheck(approved: boolean, f: Facts): Result {
  const ref = (a: Facts['assessments'][number]): RecordRef => ({
    type: 'impact_assessments',
    id: a.id,
    label: a.title,
  });
  const live = f.assessments.filter((a) => a.status !== 'superseded');
  if (live.length === 0) return unmet('No impact assessment of this system.');
  if (!approved) {
    const a = live[live.length - 1]!;
    return met(`Impact assessment ${quote(a.title)} (${a.status}).`, [ref(a)]);
  }
  const current = live.filter(
    (a) => a.status === 'approved' && (a.next_due_date === null || a.next_due_date >= f.today),
  );
  if (current.length) {
    const a = current[current.length - 1]!;
    return met(
      `Impact assessment ${quote(a.title)} approved on ${String(a.approved_at).slice(0, 10)}.`,
      [ref(a)],
    );
  }
  const due = live.filter((a) => a.status === 'approved');
  if (due.length)
    return unmet(
      `Impact assessment ${quote(due[0]!.title)} was due for review on ${due[0]!.next_due_date}.`,
      due.map(ref),
    );
  return unmet(
    `Impact assessment ${names(live.map((a) => quote(a.title)))} is not approved yet.`,
    live.map(ref),
  );
}

function risksCheck(atLeastOne: boolean, f: Facts): Result {
  if (f.risks.length === 0)
    return atLeastOne
      ? unmet('No risks recorded for this system: assess its risks first.')
      : met('No risks recorded for this system.');
  const open = f.risks.filter(
    (r) =>
      r.status !== 'treated' &&
      r.status !== 'closed' &&
      !(r.status === 'accepted' && r.acceptedUntil !== null && r.acceptedUntil >= f.today),
  );
  if (open.length === 0)
    return met(`All ${f.risks.length} risks of this system are treated, accepted or closed.`);
  const state = (r: (typeof open)[number]) =>
    r.status === 'accepted'
      ? r.acceptedUntil
        ? `acceptance expired on ${r.acceptedUntil}`
        : 'accepted without a recorded acceptance'
      : words(r.status);
  return unmet(
    `${open.length} of ${f.risks.length} risks neither treated nor accepted: ${names(open.map((r) => `${quote(r.title)} (${state(r)})`))}.`,
    open.map((r) => ({ type: 'risks', id: r.id, label: r.title })),
  );
}

function datasetsCheck(c: Extract<Check, { kind: 'datasets' }>, f: Facts): Result {
  if (f.datasets.length === 0)
    return c.atLeastOne
      ? unmet('No dataset recorded for this system.')
      : met('No datasets recorded for this system.');
  const lacking = f.datasets
    .map((d) => ({
      d,
      missing: c.fields.filter((k) => !String(d[DATASET_FIELDS[k]] ?? '').trim()),
    }))
    .filter((x) => x.missing.length > 0);
  const asked = c.fields.map(camelWords).join(' and ');
  if (lacking.length === 0)
    return met(
      `All ${f.datasets.length} datasets of this system record their ${asked}.`,
      f.datasets.map((d) => ({ type: 'datasets', id: d.id, label: d.name })),
    );
  return unmet(
    `${lacking.length} of ${f.datasets.length} datasets lack records: ${names(lacking.map((x) => `${quote(x.d.name)} (no ${x.missing.map(camelWords).join(', no ')})`))}.`,
    lacking.map((x) => ({ type: 'datasets', id: x.d.id, label: x.d.name })),
  );
}

function modelCheck(modelCard: boolean, f: Facts, version: string | null): Result {
  if (!version) return unmet('No model version given, and none registered for this system.');
  const m = f.models.find((x) => x.model_version === version);
  if (!m) return unmet(`Model version ${version} is not in the model inventory of this system.`);
  const ref = [{ type: 'ai_models', id: m.id, label: `${m.name} ${m.model_version}` }];
  if (modelCard && !m.model_card_url)
    return unmet(`Model version ${version} (${m.name}) has no model card.`, ref);
  return met(
    `Model version ${version} (${m.name}) is registered${modelCard ? ' with a model card' : ''}.`,
    ref,
  );
}

function systemFieldsCheck(c: Extract<Check, { kind: 'system_fields' }>, f: Facts): Result {
  const missing = c.fields.filter((k) => !String(f.system[SYSTEM_FIELDS[k]] ?? '').trim());
  const ref = [{ type: 'ai_systems', id: f.system.id, label: f.system.name }];
  return missing.length
    ? unmet(`The AI system record does not state its ${missing.map(camelWords).join(', ')}.`, ref)
    : met(`The AI system record states its ${c.fields.map(camelWords).join(', ')}.`, ref);
}

/** Decides one criterion on the facts, for the model version under check. */
export function evaluateCriterion(
  criterion: Criterion,
  f: Facts,
  version: string | null,
): CriterionResult {
  const c = criterion.check;
  const r =
    c.kind === 'evidence'
      ? evidenceCheck(c, f, version)
      : c.kind === 'impact_assessment'
        ? assessmentCheck(c.approved, f)
        : c.kind === 'risks_treated'
          ? risksCheck(c.atLeastOne, f)
          : c.kind === 'datasets'
            ? datasetsCheck(c, f)
            : c.kind === 'model_version'
              ? modelCheck(c.modelCard, f, version)
              : systemFieldsCheck(c, f);
  return { criterion, ...r };
}
