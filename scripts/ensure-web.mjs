// Builds the web app when it has not been built yet, so `npm start` works on a fresh clone.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

if (!existsSync(new URL('../web/dist/index.html', import.meta.url))) {
  console.log('building the web app (first start)…');
  const r = spawnSync('npm', ['run', '--silent', 'build:web'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
