#!/usr/bin/env node
// Runs the server and CLI from JavaScript compiled out of src/ (dist/aims.mjs), which is built
// first when it is missing or a source is newer (scripts/build-server.mjs), which also checks the
// catalog's data files and refuses to build with a bad one. AIMS_FROM_SOURCE=1
// runs the TypeScript sources through tsx instead, without a build.
if (process.env.AIMS_FROM_SOURCE === '1') {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/index.ts');
} else {
  const { ensureServerBuilt } = await import('../scripts/build-server.mjs');
  let bundle;
  try {
    bundle = await ensureServerBuilt();
  } catch (e) {
    // A catalog file that does not validate, say: the message names the file and the field.
    process.stderr.write(`aims: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
  await import(bundle);
}
