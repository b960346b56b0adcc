// Compiles the server and CLI (src/cli/index.ts and what it imports) into one JavaScript file,
// dist/aims.mjs, with esbuild: `node scripts/build-server.mjs` (npm run build:server), or on the
// first start by bin/aims.mjs, which builds again when a source is newer than the build.
//
// - Packages stay imports of node_modules (not bundled), so heavy ones still load only when a
//   dynamic import() asks for them.
// - `import.meta.url` in a source means that source's own place (its files beside it, such as
//   rules.json or the catalog's JSON), so it is rewritten to the source's URL relative to dist/.
// - The bundle is written to a temporary file and renamed, so processes that build at the same
//   time (parallel tests) never read half a file.
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

/** Whether dist/aims.mjs exists and no file it was built from changed since the build began. */
export function serverBuildIsFresh() {
  let meta;
  try {
    meta = JSON.parse(fs.readFileSync(META, 'utf8'));
    if (!fs.existsSync(OUT) || !fs.existsSync(WORKER_OUT)) return false;
  } catch {
    return false;
  }
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

/** Builds dist/aims.mjs; returns its path. */
export async function buildServer() {
  const { build } = await import('esbuild');
  const startedAt = Date.now();
  fs.mkdirSync(DIST, { recursive: true });
  const options = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    keepNames: true,
    metafile: true,
    logLevel: 'warning',
    banner: { js: '// Built by scripts/build-server.mjs from src/: do not edit.' },
    // Tells src/kernel/verify-chain.ts to start its workers on dist/verify-worker.mjs.
    define: { AIMS_BUNDLED: 'true' },
    plugins: [sourceUrls],
  };
  const inputs = new Set();
  for (const [entry, out] of [
    [WORKER_ENTRY, WORKER_OUT],
    [ENTRY, OUT],
  ]) {
    const tmp = `${out}.${process.pid}.tmp`;
    const result = await build({ ...options, entryPoints: [entry], outfile: tmp });
    for (const p of Object.keys(result.metafile.inputs)) {
      const rel = path.relative(ROOT, path.resolve(ROOT, p));
      if (!rel.startsWith('node_modules')) inputs.add(rel);
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
