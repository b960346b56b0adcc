import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLIENT_TYPES_FILE, clientTypes } from '../scripts/openapi-types.js';

const read = (url: URL) => fs.readFileSync(url, 'utf8');
const committedDocument = () => JSON.parse(read(new URL('../openapi.json', import.meta.url)));

/**
 * The web app is typed from web/src/generated/openapi.ts, generated from openapi.json by
 * `npm run openapi`. When the two disagree the web app type-checks against an API that is not
 * the one served: run `npm run openapi` (never edit the generated file by hand).
 */
describe('the generated web client types', () => {
  it('are exactly what openapi.json generates (run `npm run openapi`)', async () => {
    const fresh = await clientTypes(committedDocument());
    expect(fresh === read(CLIENT_TYPES_FILE)).toBe(true);
  });

  it('catch a drift: one changed schema gives different types', async () => {
    const doc = committedDocument();
    doc.components.schemas.Member.properties.drifted = { type: 'string' };
    expect(await clientTypes(doc)).not.toBe(read(CLIENT_TYPES_FILE));
  });
});
