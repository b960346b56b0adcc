// Writes the OpenAPI document the server serves to openapi.json (`npm run openapi`), and the web
// app's types generated from it. The snapshot tests fail when either differs, so a change to the
// API is always a deliberate, reviewed diff that the web app is type-checked against.
import fs from 'node:fs';
import { ROUTES } from '../src/app.js';
import { buildOpenApi } from '../src/api/openapi.js';
import { CLIENT_TYPES_FILE, clientTypes } from './openapi-types.js';

const file = new URL('../openapi.json', import.meta.url);
const document = buildOpenApi(ROUTES);
fs.writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
console.log(`wrote ${file.pathname}`);
fs.writeFileSync(CLIENT_TYPES_FILE, await clientTypes(document));
console.log(`wrote ${CLIENT_TYPES_FILE.pathname}`);
