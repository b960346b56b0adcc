#!/usr/bin/env node
// Runs the server and CLI from JavaScript compiled out of src/ (dist/aims.mjs), which is built
// first when it is missing or a source is newer (scripts/build-server.mjs). AIMS_FROM_SOURCE=1
// runs the TypeScript sources through tsx instead, without a build.
if (process.env.AIMS_FROM_SOURCE === '1') {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/index.ts');
} else {
  const { ensureServerBuilt } = await import('../scripts/build-server.mjs');
  await import(await ensureServerBuilt());
}
