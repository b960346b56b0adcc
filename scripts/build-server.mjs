// Compiles the server and CLI (src/cli/index.ts and what it imports) into one JavaScript file,
// dist/aims.mjs, with esbuild: `node scripts/build-server.mjs` (npm run build:server), or on the
// first start by bin/aims.mjs, which builds again when a source is newer than the build.
//
// - Packages stay imports of node_modules (not bundled), so heavy ones still load only when a
//   dynamic import() or lazy() asks for them; except zod and kysely, which every start loads and
//   which are hundreds of small ES modules each (95 and 263 files), resolved, read and linked one
//   by one: bundled, they cost a fraction of that (docs/PERFORMANCE.md). Their package.json files
//   count as inputs, so installing another version builds again.
// - `import.meta.url` in a source means that source's own place (its files beside it, such as
//   rules.json or the catalog's JSON), so it is rewritten to the source's URL relative to dist/.
// - The bundle is written to a temporary file and renamed, so processes that build at the same
//   time (parallel tests) never read half a file.
// - The catalog's data files (src/catalog/**/*.json) are validated here, once per version of the
//   files (src/catalog/check.ts): a bad file fails the build with the file and field, and the
//   bundle reads them without validating them at every start (AIMS_CATALOG_CHECKED). They count
//   as inputs, so changing one builds (and checks) again.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
const OUT = path.join(DIST, 'aims.mjs');
const META = path.join(DIST, 'aims.meta.json');
const ENTRY = path.join(ROOT, 'src/cli/index.ts');
// The worker thread of ledger verification runs from a file of its own (src/kernel/verify-chain.ts).
const WORKER_ENTRY = path.join(ROOT, 'src/kernel/verify-worker.ts');
const WORKER_OUT = path.join(DIST, 'verify-worker.mjs');
const SELF = fileURLToPath(import.meta.url);
const CATALOG = path.join(ROOT, 'src/catalog');
const CHECK_ENTRY = path.join(CATALOG, 'check.ts');

/** Packages compiled into the bundle; every other package stays an import of node_modules. */
const BUNDLED = ['zod', 'kysely'];
const BUNDLED_MANIFESTS = BUNDLED.map((p) => `node_modules/${p}/package.json`);

/** The package a bare import names: `zod/v4/core` → zod, `@fastify/static` → @fastify/static. */
const packageOf = (spec) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

/** The esbuild plugin that leaves every package but BUNDLED to node_modules. */
const externals = {
  name: 'externals',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      BUNDLED.includes(packageOf(args.path)) ? undefined : { path: args.path, external: true },
    );
  },
};

/** The catalog's data files, relative to the root: read at run time, so not in esbuild's inputs. */
function catalogFiles() {
  return fs
    .readdirSync(CATALOG, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.json'))
    .map((f) => path.relative(ROOT, path.join(CATALOG, f)))
    .sort();
}

/** Whether dist/aims.mjs exists and no file it was built from changed since the build began. */
export function serverBuildIsFresh() {
  let meta;
  try {
    meta = JSON.parse(fs.readFileSync(META, 'utf8'));
    if (!fs.existsSync(OUT) || !fs.existsSync(WORKER_OUT)) return false;
  } catch {
    return false;
  }
  const data = catalogFiles();
  if (data.some((f) => !meta.inputs.includes(f))) return false; // a file was added
  if (BUNDLED_MANIFESTS.some((f) => !meta.inputs.includes(f))) return false; // an older build
  for (const rel of [...meta.inputs, path.relative(ROOT, SELF)]) {
    let stat;
    try {
      stat = fs.statSync(path.join(ROOT, rel));
    } catch {
      return false; // a source was removed or renamed
    }
    if (stat.mtimeMs > meta.startedAt) return false;
  }
  return true;
}

/** The esbuild plugin that points `import.meta.url` of each source at the source itself. */
const sourceUrls = {
  name: 'source-urls',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return { contents: text, loader: 'ts' };
      const rel = path.relative(DIST, args.path).split(path.sep).join('/');
      return {
        contents: text.replaceAll(
          'import.meta.url',
          `new URL(${JSON.stringify(rel)}, import.meta.url).href`,
        ),
        loader: 'ts',
      };
    });
  },
};

const baseOptions = () => ({
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  keepNames: true,
  // No indentation, line breaks or comments: V8 keeps the whole source in the heap for as long as
  // the server runs (0.9 MB less). Names stay (keepNames), so stack traces still name functions;
  // their line and column point into the one-line bundle.
  minifyWhitespace: true,
  logLevel: 'warning',
  plugins: [externals, sourceUrls],
});

/**
 * The bundle with every character outside ASCII written as a \u escape. esbuild escapes those of
 * strings, not those of comments and regular expressions; one such character makes V8 hold the
 * whole source as a two-byte string (6.5 MB instead of 3.2 MB of heap for as long as the server
 * runs). The escape means the same in a string, a template's value, a regular expression, an
 * identifier and a comment; the bundle uses no String.raw.
 */
function asciiOnly(text) {
  return text.replace(/[^\0-\x7f]/g, (c, at) => {
    // After a backslash the escape would be read as a backslash and the letters "u00..".
    if (text[at - 1] === '\\') throw new Error(`a backslash before a non-ASCII character at ${at}`);
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

let checks = 0;
/**
 * Validates the catalog's files in `dir` (default: src/catalog) with src/catalog/check.ts, built
 * on the fly; rejects with an Error whose message names the file and each bad field.
 */
export async function checkCatalog(dir) {
  const { build } = await import('esbuild');
  fs.mkdirSync(DIST, { recursive: true });
  const tmp = path.join(DIST, `catalog-check.${process.pid}.${++checks}.mjs`);
  try {
    await build({ ...baseOptions(), entryPoints: [CHECK_ENTRY], outfile: tmp });
    const { checkCatalogFiles } = await import(pathToFileURL(tmp).href);
    checkCatalogFiles(dir ? pathToFileURL(path.resolve(dir) + path.sep) : undefined);
  } catch (e) {
    if (e?.name !== 'CatalogError') throw e;
    throw new Error(`the server was not built: ${e.message}`, { cause: e });
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** Builds dist/aims.mjs; returns its path. */
export async function buildServer() {
  const { build } = await import('esbuild');
  const startedAt = Date.now();
  fs.mkdirSync(DIST, { recursive: true });
  await checkCatalog();
  const options = {
    ...baseOptions(),
    metafile: true,
    banner: { js: '// Built by scripts/build-server.mjs from src/: do not edit.' },
    define: {
      // Tells src/kernel/verify-chain.ts to start its workers on dist/verify-worker.mjs.
      AIMS_BUNDLED: 'true',
      // The catalog files were checked above: src/catalog/load.ts reads them as they are.
      AIMS_CATALOG_CHECKED: 'true',
    },
  };
  const inputs = new Set([...catalogFiles(), ...BUNDLED_MANIFESTS]);
  for (const [entry, out] of [
    [WORKER_ENTRY, WORKER_OUT],
    [ENTRY, OUT],
  ]) {
    const tmp = `${out}.${process.pid}.tmp`;
    const result = await build({ ...options, entryPoints: [entry], outfile: tmp });
    fs.writeFileSync(tmp, asciiOnly(fs.readFileSync(tmp, 'utf8')));
    for (const p of Object.keys(result.metafile.inputs)) {
      const rel = path.relative(ROOT, path.resolve(ROOT, p));
      if (!rel.split(path.sep).includes('node_modules')) inputs.add(rel);
    }
    fs.renameSync(tmp, out);
  }
  const metaTmp = `${META}.${process.pid}.tmp`;
  fs.writeFileSync(metaTmp, JSON.stringify({ startedAt, inputs: [...inputs] }, null, 1));
  fs.renameSync(metaTmp, META);
  return OUT;
}

/** The URL of dist/aims.mjs, built first when missing or older than a source. */
export async function ensureServerBuilt() {
  if (!serverBuildIsFresh()) await buildServer();
  return pathToFileURL(OUT).href;
}

if (process.argv[1] && path.resolve(process.argv[1]) === SELF) {
  const t0 = Date.now();
  await buildServer();
  console.log(`built ${path.relative(ROOT, OUT)} in ${Date.now() - t0} ms`);
}
