// The server's CSV reader, used as it is: the web app shows register snapshots that the server
// wrote, and reads them with the same parser and rules (formula guards, line breaks) as an import.
// The `.js` suffix lets the tests, which resolve as Node does, load this file too.
import Papa from 'papaparse';
import { readCsvWith, type CsvRead } from '../../../src/interop/csv-read.js';

export const readCsv = (text: string): CsvRead => readCsvWith(Papa, text);
