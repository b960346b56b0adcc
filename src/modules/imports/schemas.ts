import { z } from 'zod';

/** How an import is asked for: check only, what to do with duplicates, a file imported before. */
export const importOptions = z.object({
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .describe('Only check the file and report what would happen; nothing is written.'),
  duplicates: z
    .enum(['skip', 'update'])
    .default('skip')
    .describe(
      'Rows naming a record that exists already (same name, in any case): skip them (the default) or update that record.',
    ),
  again: z
    .enum(['true', 'false'])
    .default('false')
    .describe('Import a file that was imported before (same SHA-256) once more.'),
});
export type ImportOptions = z.infer<typeof importOptions>;

const previous = z
  .object({
    importedAt: z.string().describe('When the same file was imported.'),
    memberId: z.string().nullable(),
    memberEmail: z.string().nullable().describe('Who imported it.'),
    created: z.number().int(),
    updated: z.number().int(),
  })
  .describe('The same file (same SHA-256) was imported before.');

export const importOutcome = z
  .object({
    dryRun: z.boolean(),
    sha256: z.string().describe('SHA-256 of the file as received.'),
    rows: z.number().int().describe('Data rows in the file.'),
    created: z.number().int().describe('Records created (or, in a dry run, that would be).'),
    updated: z.number().int().describe('Records updated (or that would be).'),
    skipped: z.number().int().describe('Rows left out: duplicates, unchanged or empty rows.'),
    duplicates: z
      .array(
        z.object({
          row: z.number().int().describe('Spreadsheet row (the header is row 1).'),
          name: z.string(),
          id: z.string().nullable().describe('The record it matches (null: an earlier row).'),
          action: z.enum(['skip', 'update']),
        }),
      )
      .describe('Rows whose name is taken already, and what the import does with each.'),
    skippedRows: z
      .array(z.object({ row: z.number().int(), reason: z.string() }))
      .describe('Every row left out, with why.'),
    alreadyImported: previous.nullable(),
  })
  .meta({ id: 'ImportOutcome' });
export type ImportOutcome = z.infer<typeof importOutcome>;

/** The kinds of record whose names the duplicate check knows. */
export const nameCheckQuery = z.object({
  kind: z.string().max(60).describe('risks, policies, or a register key such as ai_systems.'),
  name: z.string().trim().min(1).max(300).describe('The name about to be given.'),
  except: z.string().max(60).optional().describe('A record to leave out (the one being edited).'),
});

export const nameCheckResult = z
  .object({
    kind: z.string(),
    name: z.string(),
    matches: z
      .array(z.object({ id: z.string(), name: z.string() }))
      .describe('Records of this kind whose name is the same, ignoring case and outer spaces.'),
  })
  .meta({ id: 'NameCheck' });
