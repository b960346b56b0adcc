/**
 * The documented way to add a column (docs/ARCHITECTURE.md, "Adding a column"), done on a copy of
 * src/: a new migration file, its line in migrations/index.ts, and the column in the table
 * registry. Then an existing database is upgraded and a fresh one installed, and the column is
 * in the ledger state of the next change and compared by `ledger verify`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATION_NAMES } from '../src/db/migrate.js';
import { DIALECTS } from './harness.js';

const repo = path.resolve(new URL('..', import.meta.url).pathname);
const next = `${String(Number(MIGRATION_NAMES.at(-1)!.slice(0, 4)) + 1).padStart(4, '0')}_issue_review_note`;

/** The three edits of the recipe, applied to a copy of src/. */
function addColumnOnCopy(dir: string) {
  const src = path.join(dir, 'src');
  fs.cpSync(path.join(repo, 'src'), src, { recursive: true });
  fs.symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  // 1. A new migration, with literal DDL.
  fs.writeFileSync(
    path.join(src, 'db/migrations', `${next}.ts`),
    `import type { Kysely } from 'kysely';

/** A note from the last review of a context issue. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('context_issues').addColumn('review_note', 'text').execute();
}
`,
  );
  // 2. Its line in the list of migrations.
  const index = path.join(src, 'db/migrations/index.ts');
  let text = fs.readFileSync(index, 'utf8');
  text = text.replace(
    "import type { Migration } from 'kysely';\n",
    `import type { Migration } from 'kysely';\nimport * as added from './${next}.js';\n`,
  );
  text = text.replace(/\n};\s*$/, `\n  '${next}': added,\n};\n`);
  fs.writeFileSync(index, text);
  // 3. The column in the registry (nullable, so earlier records verify as they are).
  const tables = path.join(src, 'db/tables.ts');
  text = fs.readFileSync(tables, 'utf8');
  const entry = '  context_issues: record(\n    {\n';
  if (!text.includes(entry)) throw new Error('the registry entry of context_issues moved');
  fs.writeFileSync(tables, text.replace(entry, `${entry}      review_note: text().nullable(),\n`));
}

describe.each(DIALECTS)('adding a column the documented way, on %s', (dialect) => {
  let dir: string;
  let result: Record<string, unknown>;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-add-column-'));
    addColumnOnCopy(dir);
    const data = path.join(dir, 'data');
    fs.mkdirSync(data);
    execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(repo, 'test/fixtures/add-column-driver.ts'),
        dialect,
        path.join(repo, 'src'),
        path.join(dir, 'src'),
        data,
      ],
      { cwd: repo, stdio: 'pipe' },
    );
    result = JSON.parse(fs.readFileSync(path.join(data, 'result.json'), 'utf8')) as Record<
      string,
      unknown
    >;
  }, 120_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('upgrades an existing database: the migration applies and older records still verify', () => {
    expect(result.upgradeApplied).toEqual([next]);
    expect(result.upgradeVerifyBefore).toEqual([]);
  });

  it('records the new column in the ledger from the next change, and verify compares it', () => {
    expect(result.upgradeState).toMatchObject({ review_note: 'Reviewed by the board' });
    expect(result.upgradeVerifyAfter).toEqual([]);
    expect(result.upgradeVerifyTampered).toEqual(['RECORD_MISMATCH']);
  });

  it('installs fresh with every migration, the new column ledgered from the first event', () => {
    expect(result.freshApplied).toEqual([...MIGRATION_NAMES, next]);
    expect(result.freshState).toMatchObject({ review_note: 'First review' });
    expect(result.freshVerify).toEqual([]);
  });
});
