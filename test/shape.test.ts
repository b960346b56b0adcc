import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** The rules of docs/ARCHITECTURE.md ("One shape per module") that a reader of the tree can check. */
const src = path.resolve(new URL('../src', import.meta.url).pathname);
const files = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
const code = files(src).filter((f) => !f.endsWith('.test.ts'));
const rel = (f: string) => path.relative(src, f);

describe('the module shape', () => {
  it('keeps every read of the database in the kernel, db/ or a module’s queries.ts', () => {
    const outside = code.filter(
      (f) =>
        /\.selectFrom\(/.test(fs.readFileSync(f, 'utf8')) &&
        !/^(kernel|db)\//.test(rel(f)) &&
        !/^modules\/[^/]+\/queries(\/[^/]+)?\.ts$|^modules\/[^/]+\/queries-[^/]+\.ts$/.test(rel(f)),
    );
    expect(outside.map(rel)).toEqual([]);
  });

  it('gives every module an index.ts, and no module is imported past it', () => {
    const modules = fs.readdirSync(path.join(src, 'modules'));
    expect(modules.filter((m) => !fs.existsSync(path.join(src, 'modules', m, 'index.ts')))).toEqual(
      [],
    );
    const reaching: string[] = [];
    for (const f of code) {
      const own = /^modules\/([^/]+)\//.exec(rel(f))?.[1];
      for (const m of fs.readFileSync(f, 'utf8').matchAll(/from '([^']+)'/g)) {
        const target = path.resolve(path.dirname(f), m[1]!);
        const r = /^modules\/([^/]+)\/(.+)$/.exec(path.relative(src, target));
        if (r && r[1] !== own && r[2] !== 'index.js') reaching.push(`${rel(f)} → ${m[1]}`);
      }
    }
    expect(reaching).toEqual([]);
  });

  it('keeps module files under ~300 lines, or says at the top why not', () => {
    const long = code
      .filter((f) => rel(f).startsWith('modules/'))
      .filter((f) => {
        const text = fs.readFileSync(f, 'utf8');
        return text.split('\n').length > 320 && !/longer than 300 lines/i.test(text.slice(0, 600));
      });
    expect(long.map(rel)).toEqual([]);
  });
});
