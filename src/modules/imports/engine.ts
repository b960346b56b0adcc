import { createHash } from 'node:crypto';
import { z } from 'zod';
import { parseCsv } from '../../interop/csv.js';
import { parseXlsx } from '../../interop/xlsx.js';
import { orgCommand, runBatch, type BatchStep } from '../../kernel/commands.js';
import type { Context, OrgAccess } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import type { ImportError } from './cells.js';
import { membersNamed, previousRun } from './queries.js';
import type { ImportOptions, ImportOutcome } from './schemas.js';

/** One data row of a file and what the import does with it. */
export interface PlannedRow {
  row: number;
  name: string;
  kind: 'create' | 'update' | 'skip';
  /** Why a row is skipped (a duplicate, unchanged, nothing in it). */
  reason?: string;
  /** The row's name is taken: by this record, or (null) by an earlier row of the file. */
  duplicateOf?: string | null;
  /** Writes the row through the module's own commands, inside the import's transaction. */
  apply?: (step: BatchStep) => Promise<unknown>;
}

export interface ImportPlan {
  rows: PlannedRow[];
  errors: ImportError[];
}

/** The file of a request: CSV as text, XLSX as bytes (the content type parsers), and its SHA-256. */
export async function readImportFile(body: unknown) {
  const bytes =
    typeof body === 'string'
      ? Buffer.from(body, 'utf8')
      : Buffer.isBuffer(body)
        ? body
        : Buffer.alloc(0);
  const table = typeof body === 'string' ? parseCsv(body) : await parseXlsx(bytes);
  return { table, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Every problem of a file as one 422: a pointer per problem, /rows/<row>/<column>. */
export function importProblem(errors: ImportError[]) {
  return new AppError(
    'IMPORT_INVALID',
    `The file has ${errors.length} problem${errors.length === 1 ? '' : 's'}; nothing was imported.`,
    errors.map((e) => ({
      pointer: `/rows/${e.row}/${e.column.replace(/~/g, '~0').replace(/\//g, '~1')}`,
      message: e.message,
      row: e.row,
      column: e.column,
    })),
  );
}

const recordRun = (action: string) =>
  orgCommand({
    action,
    input: z
      .object({
        target: z.string(),
        sha256: z.string(),
        rows: z.number().int(),
        created: z.number().int(),
        updated: z.number().int(),
        skipped: z.number().int(),
      })
      .strict(),
    async run(tx, input) {
      await tx.db
        .insertInto('import_runs')
        .values({
          id: newId(),
          org_id: tx.org.orgId,
          file_name: null,
          member_id: tx.org.memberId,
          request_id: tx.ctx.requestId,
          created_at: tx.now,
          ...input,
        })
        .execute();
    },
  });

/** An earlier import of the same file into the same place, as the answer names it. */
export async function alreadyImported(ctx: Context, orgId: string, target: string, sha256: string) {
  const db = ctx.database.db;
  const prior = await previousRun(db, orgId, target, sha256);
  if (!prior) return null;
  const who = (await membersNamed(db, orgId)).find((m) => m.id === prior.member_id);
  return {
    importedAt: prior.created_at,
    memberId: prior.member_id,
    memberEmail: who?.email ?? null,
    created: Number(prior.created),
    updated: Number(prior.updated),
  };
}

/**
 * Answers a dry run, or applies a clean plan in ONE transaction under `action` (every row's own
 * command, then the run's record): all or nothing. A file imported before into the same `target`
 * (same SHA-256) is refused (409 ALREADY_IMPORTED) unless `again`; a dry run says so instead.
 */
export async function answerImport(
  ctx: Context,
  access: OrgAccess,
  spec: { target: string; action: string },
  options: ImportOptions,
  sha256: string,
  plan: ImportPlan,
): Promise<ImportOutcome> {
  if (plan.errors.length) throw importProblem(plan.errors);
  const prior = await alreadyImported(ctx, access.orgId, spec.target, sha256);
  const count = (k: PlannedRow['kind']) => plan.rows.filter((r) => r.kind === k).length;
  const outcome: ImportOutcome = {
    dryRun: options.dryRun === 'true',
    sha256,
    rows: plan.rows.length,
    created: count('create'),
    updated: count('update'),
    skipped: count('skip'),
    duplicates: plan.rows
      .filter((r) => r.duplicateOf !== undefined)
      .map((r) => ({
        row: r.row,
        name: r.name,
        id: r.duplicateOf ?? null,
        action: r.kind === 'update' ? ('update' as const) : ('skip' as const),
      })),
    skippedRows: plan.rows
      .filter((r) => r.kind === 'skip')
      .map((r) => ({ row: r.row, reason: r.reason ?? 'Nothing to do.' })),
    alreadyImported: prior,
  };
  if (outcome.dryRun) return outcome;
  if (prior && options.again !== 'true')
    throw new AppError(
      'ALREADY_IMPORTED',
      `This file was imported on ${prior.importedAt.slice(0, 10)} by ${prior.memberEmail ?? 'a former member'}; nothing was changed. Ask for again=true to import it once more.`,
      [{ pointer: '/query/again', message: 'The same file (same SHA-256) was imported before.' }],
    );
  const run = recordRun(spec.action);
  await runBatch(ctx, spec.action, access, async (step) => {
    for (const r of plan.rows) if (r.apply) await r.apply(step);
    // A file that wrote nothing (all rows skipped) is not remembered: importing it again changes
    // nothing either.
    if (outcome.created + outcome.updated === 0) return;
    await step(run, {
      target: spec.target,
      sha256,
      rows: outcome.rows,
      created: outcome.created,
      updated: outcome.updated,
      skipped: outcome.skipped,
    });
  });
  return outcome;
}
