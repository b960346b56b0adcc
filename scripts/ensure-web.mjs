// Builds the web app when it has not been built yet (or was built before the build wrote
// compressed copies of its files), so `npm start` works on a fresh clone.
import { existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const dist = new URL('../web/dist/', import.meta.url);
const built =
  existsSync(new URL('index.html', dist)) &&
  existsSync(new URL('assets/', dist)) &&
  readdirSync(new URL('assets/', dist)).some((f) => f.endsWith('.br'));
if (!built) {
  console.log('building the web app (first start)…');
  const r = spawnSync('npm', ['run', '--silent', 'build:web'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
