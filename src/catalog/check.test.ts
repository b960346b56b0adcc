import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { at, set, type JsonTree } from '../../test/json-tree.js';
// @ts-expect-error a plain JavaScript build script, without types
import { checkCatalog } from '../../scripts/build-server.mjs';
import { checkCatalogFiles } from './check.js';
import { CatalogError } from './load.js';

/** A copy of the catalog's folder (JSON files only), for a test to break one file. */
const CATALOG = fileURLToPath(new URL('./', import.meta.url));
const copies: string[] = [];
function copyOfCatalog(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-catalog-'));
  copies.push(dir);
  for (const f of fs.readdirSync(CATALOG, { recursive: true }).map(String)) {
    if (!f.endsWith('.json')) continue;
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.copyFileSync(path.join(CATALOG, f), path.join(dir, f));
  }
  return dir;
}
function change(dir: string, file: string, edit: (tree: JsonTree) => void) {
  const tree = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as JsonTree;
  edit(tree);
  fs.writeFileSync(path.join(dir, file), JSON.stringify(tree, null, 2));
}
afterAll(() => {
  for (const dir of copies) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the catalog check of the build', () => {
  it('passes every file of the catalog, and each validates to the JSON as written', () => {
    const checked = checkCatalogFiles();
    expect(checked.map((c) => c.file)).toEqual(
      expect.arrayContaining([
        'src/catalog/iso42001.json',
        'src/catalog/crosswalks.json',
        'src/catalog/sectors.json',
        'src/catalog/eu-ai-act.json',
        'src/catalog/frameworks/gdpr.json',
      ]),
    );
    // The server bundle reads the files without their schemas (CATALOG_CHECKED): that gives the
    // same data only while no schema adds defaults, transforms or drops fields.
    for (const { raw, value } of checked) expect(value).toStrictEqual(raw);
  });

  it('refuses a file that does not match its schema, naming the file and the field', () => {
    const dir = copyOfCatalog();
    change(dir, 'sectors.json', (t) => set(t, ['profiles', 1, 'legal', 0, 'why'], ' '));
    const attempt = () => checkCatalogFiles(pathToFileURL(dir + path.sep));
    expect(attempt).toThrow(CatalogError);
    expect(attempt).toThrow(
      /src\/catalog\/sectors\.json is invalid:\n {2}profiles\[1\]\.legal\[0\]\.why: must not be blank/,
    );
  });

  it('refuses a file whose cross-references do not resolve', () => {
    const dir = copyOfCatalog();
    change(dir, 'crosswalks.json', (t) => set(t, ['mappings', 3, 'ref'], 'Art. 999'));
    expect(() => checkCatalogFiles(pathToFileURL(dir + path.sep))).toThrow(
      /crosswalks\.json[\s\S]*mappings\[3\]\.ref: Art\. 999 is not an entry/,
    );
  });

  it('refuses a file that is not JSON', () => {
    const dir = copyOfCatalog();
    fs.writeFileSync(path.join(dir, 'frameworks/dora.json'), '{ "id": "dora", ');
    expect(() => checkCatalogFiles(pathToFileURL(dir + path.sep))).toThrow(
      /frameworks\/dora\.json is invalid:\n {2}\(whole file\): is not valid JSON/,
    );
  });

  it('fails the server build (and so `npm start`) with that error', async () => {
    const dir = copyOfCatalog();
    change(dir, 'iso42001.json', (t) => {
      const controls = at(t, 'annexA', 'controls') as JsonTree[];
      set(t, ['annexA', 'controls', controls.length - 1, 'guidance', 'do'], '');
    });
    await expect(checkCatalog(dir)).rejects.toThrow(
      /^the server was not built: Catalog file src\/catalog\/iso42001\.json is invalid:\n {2}annexA\.controls\[\d+\]\.guidance\.do: must not be blank/,
    );
    // The catalog as committed passes.
    await expect(checkCatalog()).resolves.toBeUndefined();
  });
});
