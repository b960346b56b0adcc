// The web app calls the API only through the client typed from openapi.json (web/src/api.ts, whose
// one fetch is in its transport, web/src/api-transport.ts):
// no hand-typed request helper, no fetch of its own, and the registers' paths, which the
// catalogue gives at run time, come from a map that is the server's own.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REGISTERS } from '../src/modules/registers/definitions.js';
import { REGISTER_ROUTES } from '../web/src/lib/register-paths.js';

const WEB = path.resolve(import.meta.dirname, '../web/src');
/** The typed client's transport: the one place that calls fetch. */
const TRANSPORT = path.join(WEB, 'api-transport.ts');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'generated' ? [] : sources(p);
    return /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** Where a source calls the API with types of its own: a `request<…>` or a `fetch(` of its own. */
export function untypedCalls(file: string, text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, i) => {
    const at = `${path.relative(WEB, file)}:${i + 1}`;
    if (/\brequest\s*<|\brequest\s*\(/.test(line)) found.push(`${at} request`);
    if (/(^|[^.\w])fetch\s*\(/.test(line) && file !== TRANSPORT) found.push(`${at} fetch`);
    if (/import\s*\{[^}]*\brequest\b[^}]*\}\s*from/.test(line)) found.push(`${at} import`);
  });
  return found;
}

describe('the web client', () => {
  it('has no hand-typed call of the API left: every one goes through the typed client', () => {
    const found = sources(WEB).flatMap((f) => untypedCalls(f, fs.readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
    expect(fs.readFileSync(path.join(WEB, 'api.ts'), 'utf8')).not.toMatch(
      /export (async )?function request\b/,
    );
  });

  it('notices a hand-typed call that comes back', () => {
    const file = path.join(WEB, 'features/x/api.ts');
    expect(untypedCalls(file, "const a = request<Thing>('GET', '/api/v1/x');")).toHaveLength(1);
    expect(untypedCalls(file, "import { orgPath, request } from '../../api';")).toHaveLength(1);
    expect(untypedCalls(file, "const r = await fetch('/api/v1/x');")).toHaveLength(1);
    expect(untypedCalls(file, 'const r = await call(client.GET(path));')).toEqual([]);
  });

  it('reads every list page by page through one hook (lib/paged.ts usePaged), not a copy of it', () => {
    expect(fs.existsSync(path.join(WEB, 'components/list-pages.ts'))).toBe(false);
    const copies = sources(WEB).filter((f) =>
      /\buseListPages\b|components\/list-pages/.test(fs.readFileSync(f, 'utf8')),
    );
    expect(copies.map((f) => path.relative(WEB, f))).toEqual([]);
  });

  it('knows every register with routes at the path and id name the server serves it', () => {
    expect(REGISTER_ROUTES).toEqual(
      Object.fromEntries(REGISTERS.map((r) => [r.key, [r.path, r.idParam]])),
    );
  });
});
