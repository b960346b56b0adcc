// Writes the generated parts of docs/ARCHITECTURE.md (`npm run docs`): the error table from
// ERRORS. test/docs.test.ts fails when the document and the code disagree.
import fs from 'node:fs';
import { errorTable } from './error-table.js';

const file = new URL('../docs/ARCHITECTURE.md', import.meta.url);
const text = fs.readFileSync(file, 'utf8');
const start = '<!-- error-table:start -->';
const end = '<!-- error-table:end -->';
const next =
  text.slice(0, text.indexOf(start) + start.length) +
  `\n${errorTable()}\n` +
  text.slice(text.indexOf(end));
fs.writeFileSync(file, next);
console.log('wrote the error table of docs/ARCHITECTURE.md');
