import fs from 'node:fs';
import { createHash } from 'node:crypto';
import type { z } from 'zod';

/** One problem in a catalog file: the field (as a path such as `annexA.controls[3].guidance.do`) and what is wrong. */
export interface CatalogIssue {
  path: string;
  message: string;
}

/** Thrown at start-up when a catalog file is missing, not JSON, or does not validate. */
export class CatalogError extends Error {
  readonly file: string;
  readonly issues: CatalogIssue[];

  constructor(file: string, issues: CatalogIssue[]) {
    const shown = issues.slice(0, 20).map((i) => `  ${i.path || '(whole file)'}: ${i.message}`);
    if (issues.length > 20) shown.push(`  … and ${issues.length - 20} more`);
    super(`Catalog file ${file} is invalid:\n${shown.join('\n')}`);
    this.name = 'CatalogError';
    this.file = file;
    this.issues = issues;
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)),
    '',
  );
}

/** Validates parsed JSON against a schema; on failure throws a CatalogError naming the file and every bad field. */
export function parseFile<S extends z.ZodType>(file: string, schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new CatalogError(
      file,
      result.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    );
  }
  return result.data;
}

/** Throws when a semantic check (integrity.ts) found problems. */
export function assertNoIssues(file: string, issues: CatalogIssue[]): void {
  if (issues.length > 0) throw new CatalogError(file, issues);
}

declare const AIMS_CATALOG_CHECKED: boolean | undefined;

/**
 * Whether the catalog files were validated when this code was built: true in the server bundle
 * (scripts/build-server.mjs runs check.ts over the files before it writes the bundle, and builds
 * again when a file changes), so the server reads them as they are instead of validating them at
 * every start. From the sources (tsx, vitest) every file is validated when it is loaded.
 */
export const CATALOG_CHECKED = typeof AIMS_CATALOG_CHECKED !== 'undefined' && AIMS_CATALOG_CHECKED;

/** The folder of the catalog's files (this module's own folder). */
export const CATALOG_DIR = new URL('./', import.meta.url);

/**
 * Reads a JSON file of the catalog folder, or of `dir` (a copy, for the build's check), and its
 * SHA-256. Works under tsx, vitest and node alike.
 */
export function readJson(
  relative: string,
  dir: URL = CATALOG_DIR,
): { file: string; raw: unknown; sha256: string } {
  const file = `src/catalog/${relative}`;
  let text: string;
  try {
    text = fs.readFileSync(new URL(`./${relative}`, dir), 'utf8');
  } catch (e) {
    throw new CatalogError(file, [
      { path: '', message: `cannot be read (${(e as Error).message})` },
    ]);
  }
  try {
    return {
      file,
      raw: JSON.parse(text) as unknown,
      sha256: createHash('sha256').update(text).digest('hex'),
    };
  } catch (e) {
    throw new CatalogError(file, [
      { path: '', message: `is not valid JSON (${(e as Error).message})` },
    ]);
  }
}
