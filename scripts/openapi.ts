// Writes the OpenAPI document the server serves to openapi.json (`npm run openapi`). The snapshot
// test fails when the two differ, so a change to the API is always a deliberate, reviewed diff.
import fs from 'node:fs';
import { ROUTES } from '../src/app.js';
import { buildOpenApi } from '../src/api/openapi.js';

const file = new URL('../openapi.json', import.meta.url);
fs.writeFileSync(file, `${JSON.stringify(buildOpenApi(ROUTES), null, 2)}\n`);
console.log(`wrote ${file.pathname}`);
