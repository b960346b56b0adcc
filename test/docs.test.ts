import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorTable } from '../scripts/error-table.js';

const doc = () => fs.readFileSync(new URL('../docs/ARCHITECTURE.md', import.meta.url), 'utf8');

describe('docs/ARCHITECTURE.md', () => {
  it('lists every error code with the status and meaning the API uses', () => {
    const text = doc();
    const between = text.slice(
      text.indexOf('<!-- error-table:start -->') + '<!-- error-table:start -->'.length,
      text.indexOf('<!-- error-table:end -->'),
    );
    expect(between.trim(), 'run npm run docs').toBe(errorTable());
  });
});
