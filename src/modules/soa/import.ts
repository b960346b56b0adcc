import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.js';
import type { OrgAccess } from '../../kernel/context.js';
import {
  choices,
  enumValue,
  fileImportRoutes,
  membersNamed,
  nameIndex,
  readHeader,
  yesNo,
  type ImportColumn,
  type ImportError,
  type ImportOptions,
  type ImportPlan,
  type PlannedRow,
} from '../imports/index.js';
import { addCustomControl, decideControl } from './commands.js';
import { soaSources } from './queries.js';
import { controlById, customControlId, decideFields, IMPLEMENTATION } from './schemas.js';
import { memberLabel } from '../orgs/index.js';

/** The columns of a statement file: the export's headers first, then Owner and Notes. */
export const SOA_COLUMNS: ImportColumn[] = [
  { key: 'controlId', header: 'Control', aliases: ['control id'] },
  { key: 'title', header: 'Title' },
  { key: 'applicable', header: 'Applicable', aliases: ['included'] },
  { key: 'justification', header: 'Justification', aliases: ['reason'] },
  {
    key: 'implementationStatus',
    header: 'Implementation',
    aliases: ['implementation status', 'status'],
  },
  { key: 'ownerMemberId', header: 'Owner' },
  { key: 'notes', header: 'Notes' },
];
/** Export columns the server computes: read past without a word. */
const IGNORED = ['Risks', 'Evidence', 'Domain'];

const decision = z.object({ ...decideFields, controlId: z.string() }).strict();

/**
 * Reads a statement file into a plan: one decision per control (Annex A, or the organization's
 * own, added when the file names a new one with a title). A control not decided yet is created;
 * one decided already is a duplicate, skipped unless `duplicates` is update (then decided again),
 * and skipped as unchanged when the file says what the statement says. Writes nothing.
 */
export async function planSoaImport(
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
  const at = readHeader(header, SOA_COLUMNS, IGNORED, errors);
  for (const k of ['controlId', 'applicable', 'justification'])
    if (!at.has(k))
      errors.push({
        row: 1,
        column: SOA_COLUMNS.find((c) => c.key === k)!.header,
        message: 'The file needs this column.',
      });
  const members = nameIndex(
    (await membersNamed(db, access.orgId)).map((m) => ({
      id: m.id,
      names: [m.email, m.name, memberLabel(m.name, m.email)],
    })),
  );
  const entries = new Map(
    (await soaSources(db, access.orgId)).entries.map((e) => [e.control_id, e]),
  );
  const annexA = new Map([...controlById.keys()].map((id) => [id.toLowerCase(), id]));
  const seen = new Map<string, number>();
  const rows: PlannedRow[] = [];
  for (const [i, cells] of body.entries()) {
    const rowNo = i + 2;
    const headerOf = (key: string) => header[at.get(key)!] ?? key;
    const cell = (key: string) => (at.has(key) ? (cells[at.get(key)!] ?? '').trim() : '');
    const before = errors.length;
    const fail = (key: string, message: string) =>
      errors.push({ row: rowNo, column: headerOf(key), message });
    const raw = cell('controlId');
    const cid = annexA.get(raw.toLowerCase()) ?? raw.toUpperCase();
    const skip = (reason: string, duplicateOf?: string | null) =>
      rows.push({ row: rowNo, name: cid, kind: 'skip', reason, duplicateOf });
    if (!cid) {
      fail('controlId', 'Name the control, such as A.6.2.4.');
      continue;
    }
    const earlier = seen.get(cid);
    seen.set(cid, earlier ?? rowNo);
    if (earlier !== undefined) {
      skip(`Same control as row ${earlier}.`, null);
      continue;
    }
    const applicableRaw = cell('applicable');
    if (!applicableRaw || /^undecided$/i.test(applicableRaw)) {
      skip('Not decided in the file.');
      continue;
    }
    const applicable = yesNo(applicableRaw);
    if (applicable === null) fail('applicable', `"${applicableRaw}" is neither yes nor no.`);
    const input: Record<string, unknown> = {
      controlId: cid,
      applicable,
      justification: cell('justification'),
    };
    if (cell('implementationStatus')) {
      const v = enumValue(IMPLEMENTATION, cell('implementationStatus'));
      if (v === null)
        fail(
          'implementationStatus',
          `"${cell('implementationStatus')}" is not one of: ${choices(IMPLEMENTATION).join(', ')}.`,
        );
      else if (applicable === true && v === 'not_applicable')
        fail(
          'implementationStatus',
          'An applicable control needs a status other than not applicable.',
        );
      else if (applicable === false && v !== 'not_applicable')
        fail(
          'implementationStatus',
          'An excluded control is not implemented: leave it empty or not applicable.',
        );
      else input.implementationStatus = v;
    }
    if (cell('ownerMemberId')) {
      const r = members(cell('ownerMemberId'), 'member');
      if ('error' in r) fail('ownerMemberId', `${r.error} Give the member’s e-mail or name.`);
      else input.ownerMemberId = r.id;
    }
    if (at.has('notes')) input.notes = cell('notes') || null;
    const existing = entries.get(cid);
    const custom = !controlById.has(cid) && !existing;
    if (custom) {
      const ok = customControlId.safeParse(cid);
      if (!ok.success)
        fail(
          'controlId',
          `Not an Annex A control, nor an identifier for your own: ${ok.error.issues[0]!.message}`,
        );
      if (!cell('title')) fail('title', `Give a title to add your own control ${cid}.`);
    }
    const parsed = decision.safeParse(input);
    if (!parsed.success)
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? 'controlId');
        if (!errors.slice(before).some((e) => e.column === headerOf(key))) fail(key, issue.message);
      }
    if (errors.length > before || !parsed.success) continue;
    const d = parsed.data;
    const decide = { ...d } as z.input<typeof decideControl.input>;
    if (!existing) {
      rows.push({
        row: rowNo,
        name: cid,
        kind: 'create',
        apply: async (step) => {
          if (custom)
            await step(addCustomControl, {
              controlId: cid,
              title: cell('title'),
              justification: d.justification,
            });
          await step(decideControl, decide);
        },
      });
      continue;
    }
    const same =
      (existing.applicable === 1) === d.applicable &&
      existing.justification === d.justification &&
      (d.implementationStatus === undefined ||
        existing.implementation_status === d.implementationStatus) &&
      (d.ownerMemberId === undefined || existing.owner_member_id === d.ownerMemberId) &&
      (d.notes === undefined || (existing.notes ?? null) === d.notes);
    if (same) skip('Unchanged: the statement says the same.');
    else if (options.duplicates === 'update')
      rows.push({
        row: rowNo,
        name: cid,
        kind: 'update',
        duplicateOf: existing.id,
        apply: (step) => step(decideControl, decide),
      });
    else
      skip(
        'The control is decided already: import with duplicates=update to decide it again.',
        existing.id,
      );
  }
  errors.sort((a, b) => a.row - b.row);
  return { rows, errors };
}

/** Decisions of the statement from CSV or XLSX, and the template. */
export const soaImportRoutes = fileImportRoutes({
  base: '/api/v1/orgs/:org/soa',
  key: 'soa',
  what: 'Statement of Applicability decisions',
  tag: 'soa',
  columns: SOA_COLUMNS,
  example: `${SOA_COLUMNS.map((c) => c.header).join(',')}\n`,
  plan: planSoaImport,
});
