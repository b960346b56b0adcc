import type { Kysely } from 'kysely';
import {
  ANNEX_A_CONTROL_IDS,
  ANNEX_C_OBJECTIVE_IDS,
  ANNEX_C_SOURCE_IDS,
} from '../../catalog/index.js';
import type { DB } from '../../db/schema.js';
import type { OrgAccess } from '../../kernel/context.js';
import {
  choices,
  fileImportRoutes,
  enumValue,
  listOf,
  membersNamed,
  nameIndex,
  nameKey,
  readHeader,
  type ImportColumn,
  type ImportError,
  type ImportOptions,
  type ImportPlan,
  type PlannedRow,
} from '../imports/index.js';
import { LIFECYCLE_STAGES } from '../registers/index.js';
import { criteriaFromRow, DEFAULT_CRITERIA } from './criteria.js';
import { activeCriteriaRow, allRisks, systemNames } from './queries.js';
import { createRisk, updateRisk } from './risk-commands.js';
import { RISK_STATUSES, riskChange, riskInput, TREATMENTS } from './schemas.js';
import { memberLabel } from '../orgs/index.js';

/**
 * The columns of a risk file: the headers of the register's export first (so an export imports
 * back), then columns the export leaves out. Scores come as the export writes them ("3×4 high":
 * likelihood × impact, the level is computed again) or in a column each.
 */
export const RISK_COLUMNS: ImportColumn[] = [
  { key: 'title', header: 'Risk', aliases: ['title', 'name'] },
  { key: 'description', header: 'Description' },
  { key: 'aiSystemIds', header: 'AI systems', aliases: ['AI system', 'aiSystems', 'systems'] },
  { key: 'lifecycleStage', header: 'Life cycle stage', aliases: ['lifecycle stage', 'stage'] },
  { key: 'riskSources', header: 'Annex C sources', aliases: ['risk sources', 'sources'] },
  { key: 'objectives', header: 'Annex C objectives', aliases: ['objectives'] },
  { key: 'ownerMemberId', header: 'Owner', aliases: ['risk owner', 'owner'] },
  { key: 'inherent', header: 'Inherent (L×I, level)', aliases: ['inherent'] },
  { key: 'inherentLikelihood', header: 'Inherent likelihood', aliases: ['likelihood'] },
  { key: 'inherentImpact', header: 'Inherent impact', aliases: ['impact'] },
  { key: 'treatment', header: 'Treatment' },
  { key: 'controlIds', header: 'Controls', aliases: ['Annex A controls'] },
  { key: 'residual', header: 'Residual (L×I, level)', aliases: ['residual'] },
  { key: 'residualLikelihood', header: 'Residual likelihood' },
  { key: 'residualImpact', header: 'Residual impact' },
  { key: 'status', header: 'Status' },
  { key: 'reviewDate', header: 'Review', aliases: ['review date', 'next review'] },
];
/** Export columns the server computes: read past without a word. */
const IGNORED = ['Acceptance', 'id', 'Ref', 'Reference', 'Version', 'Created', 'Updated'];

const STAGE_LABELS = Object.fromEntries(LIFECYCLE_STAGES.map((s) => [s, s.replace(/_/g, ' ')]));

/**
 * Reads a risk file into a plan: every row checked (names of AI systems and owners resolved,
 * labels and keys of lists in any case, scores on the criteria in force), every problem with its
 * row and column, and each row's fate: created, or, when a risk of that name exists (in any
 * case), skipped as a duplicate or updated when `duplicates` says so. Writes nothing.
 */
export async function planRiskImport(
  db: Kysely<DB>,
  access: OrgAccess,
  table: string[][],
  options: Pick<ImportOptions, 'duplicates'>,
): Promise<ImportPlan> {
  const errors: ImportError[] = [];
  const [header, ...body] = table;
  if (!header)
    return {
      rows: [],
      errors: [
        { row: 1, column: '', message: 'The file is empty: the first row must name the columns.' },
      ],
    };
  const at = readHeader(header, RISK_COLUMNS, IGNORED, errors);
  if (!at.has('title'))
    errors.push({
      row: 1,
      column: 'Risk',
      message: 'The file needs a Risk column (the risk’s title).',
    });
  const orgId = access.orgId;
  const systems = nameIndex(
    [...(await systemNames(db, orgId))].map(([id, name]) => ({ id, names: [name] })),
  );
  const members = nameIndex(
    (await membersNamed(db, orgId)).map((m) => ({
      id: m.id,
      names: [m.email, m.name, memberLabel(m.name, m.email)],
    })),
  );
  const crit = await activeCriteriaRow(db, orgId);
  const scales = crit ? criteriaFromRow(crit) : DEFAULT_CRITERIA;
  const existing = new Map<string, string>();
  for (const r of await allRisks(db, orgId, 1_000_000)) existing.set(nameKey(r.title), r.id);
  const seen = new Map<string, number>();
  const rows: PlannedRow[] = [];

  for (const [i, cells] of body.entries()) {
    const rowNo = i + 2;
    const headerOf = (key: string) => header[at.get(key)!] ?? key;
    const cell = (key: string) => (at.has(key) ? (cells[at.get(key)!] ?? '').trim() : '');
    const fail = (key: string, message: string) =>
      errors.push({ row: rowNo, column: headerOf(key), message });
    const input: Record<string, unknown> = {};
    const given = (key: string) => cell(key) !== '';
    if (given('description')) input.description = cell('description');
    if (given('aiSystemIds'))
      input.aiSystemIds = listOf(cell('aiSystemIds')).map((n) => {
        const r = systems(n, 'AI system');
        if ('error' in r) fail('aiSystemIds', r.error);
        return 'id' in r ? r.id : n;
      });
    if (given('ownerMemberId')) {
      const r = members(cell('ownerMemberId'), 'member');
      if ('error' in r) fail('ownerMemberId', `${r.error} Give the member’s e-mail or name.`);
      else input.ownerMemberId = r.id;
    }
    const oneOf = <T extends string>(key: string, values: readonly T[], labels = {}) => {
      if (!given(key)) return;
      const v = enumValue(values, cell(key), labels);
      if (v === null) fail(key, `"${cell(key)}" is not one of: ${choices(values).join(', ')}.`);
      else input[key] = v;
    };
    oneOf('lifecycleStage', LIFECYCLE_STAGES, STAGE_LABELS);
    oneOf('treatment', TREATMENTS);
    oneOf('status', RISK_STATUSES);
    if (input.status === 'accepted' && !existing.has(nameKey(cell('title'))))
      fail(
        'status',
        'A risk becomes accepted through an acceptance, not an import: give another status.',
      );
    const ids = (key: string, known: readonly string[], what: string) => {
      if (!given(key)) return;
      // An id alone, or an id and its title as the export writes them ("C.3.4 Risk sources…").
      const idOf = (x: string) =>
        known.find((k) => k.toLowerCase() === x.toLowerCase()) ??
        known.find((k) => k.toLowerCase() === x.split(/\s+/)[0]!.toLowerCase()) ??
        x;
      const list = listOf(cell(key)).map(idOf);
      const bad = list.filter((x) => !known.includes(x));
      if (bad.length) fail(key, `Not ${what}: ${bad.join(', ')}.`);
      else input[key] = [...new Set(list)];
    };
    ids('riskSources', ANNEX_C_SOURCE_IDS, 'Annex C risk sources (such as C.3.4)');
    ids('objectives', ANNEX_C_OBJECTIVE_IDS, 'Annex C objectives (such as C.2.5)');
    ids('controlIds', ANNEX_A_CONTROL_IDS, 'Annex A controls (such as A.6.2.4)');
    for (const side of ['inherent', 'residual'] as const) {
      const step = (key: string, steps: { label: string }[], raw: string) => {
        const n = /^\d+$/.test(raw)
          ? Number(raw)
          : steps.findIndex((s) => nameKey(s.label) === nameKey(raw)) + 1;
        if (n < 1 || n > steps.length) {
          fail(key, `"${raw}" is not a step of the scale: 1 to ${steps.length}, or its label.`);
          return undefined;
        }
        return n;
      };
      let l: number | undefined;
      let im: number | undefined;
      if (given(side)) {
        const m = /^\s*(\d+)\s*[×xX*]\s*(\d+)/.exec(cell(side));
        if (!m) fail(side, `Write the ${side} score as likelihood × impact, such as 3×4.`);
        else {
          l = step(side, scales.likelihood, m[1]!);
          im = step(side, scales.impact, m[2]!);
        }
      }
      if (given(`${side}Likelihood`))
        l = step(`${side}Likelihood`, scales.likelihood, cell(`${side}Likelihood`));
      if (given(`${side}Impact`)) im = step(`${side}Impact`, scales.impact, cell(`${side}Impact`));
      if (
        (l === undefined) !== (im === undefined) &&
        !given(side) &&
        !errors.some((e) => e.row === rowNo)
      )
        fail(
          given(`${side}Likelihood`) ? `${side}Impact` : `${side}Likelihood`,
          'Give likelihood and impact together.',
        );
      if (l !== undefined) input[`${side}Likelihood`] = l;
      if (im !== undefined) input[`${side}Impact`] = im;
    }
    if (given('reviewDate')) input.reviewDate = cell('reviewDate');
    const title = cell('title');
    input.title = title;
    const colOf = (field: string) =>
      at.has(field)
        ? headerOf(field)
        : field.startsWith('inherent')
          ? headerOf('inherent')
          : field.startsWith('residual')
            ? headerOf('residual')
            : field;
    const key = nameKey(title);
    const dup = existing.get(key);
    const earlier = seen.get(key);
    if (title) seen.set(key, earlier ?? rowNo);
    const update = dup !== undefined && options.duplicates === 'update' && earlier === undefined;
    const parsed = (update ? riskChange : riskInput).safeParse(input);
    if (!parsed.success) {
      const reported = new Set(errors.filter((e) => e.row === rowNo).map((e) => e.column));
      for (const issue of parsed.error.issues) {
        const column = colOf(String(issue.path[0] ?? 'title'));
        if (!reported.has(column)) errors.push({ row: rowNo, column, message: issue.message });
      }
      continue;
    }
    if (earlier !== undefined)
      rows.push({
        row: rowNo,
        name: title,
        kind: 'skip',
        duplicateOf: null,
        reason: `Same name as row ${earlier}.`,
      });
    else if (dup !== undefined && !update)
      rows.push({
        row: rowNo,
        name: title,
        kind: 'skip',
        duplicateOf: dup,
        reason: 'A risk of this name exists.',
      });
    else if (update)
      rows.push({
        row: rowNo,
        name: title,
        kind: 'update',
        duplicateOf: dup,
        apply: (s) => s(updateRisk, { ...parsed.data, riskId: dup }),
      });
    else
      rows.push({
        row: rowNo,
        name: title,
        kind: 'create',
        apply: (s) => s(createRisk, riskInput.parse(input)),
      });
  }
  errors.sort((a, b) => a.row - b.row);
  return { rows, errors };
}

/** Risks from CSV or XLSX, and the template. */
export const riskImportRoutes = fileImportRoutes({
  base: '/api/v1/orgs/:org/risks',
  key: 'risks',
  what: 'risks',
  tag: 'risks',
  columns: RISK_COLUMNS,
  example: `${RISK_COLUMNS.map((c) => c.header).join(',')}\n`,
  plan: planRiskImport,
});
