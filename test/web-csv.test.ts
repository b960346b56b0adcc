// The web app's register snapshot view reads the CSV the server published, cell for cell.
import { describe, expect, it } from 'vitest';
import { toCsv } from '../src/interop/csv.js';
import { readCsv } from '../web/src/lib/csv.js';

describe('register snapshots in the web app', () => {
  it('shows every cell as it was recorded, without the formula guards the file carries', () => {
    const snapshot = toCsv(
      ['id', 'name', 'purpose', 'aiRoles'],
      [
        {
          id: 'a1',
          name: '=Risky name',
          purpose: 'Two lines,\n"quoted"',
          aiRoles: ['provider', 'customer'],
        },
        { id: 'a2', name: 'Plain', purpose: null, aiRoles: [] },
      ],
    );
    expect(snapshot).toContain(`"'=Risky name"`);
    expect(readCsv(snapshot)).toEqual({
      rows: [
        ['id', 'name', 'purpose', 'aiRoles'],
        ['a1', '=Risky name', 'Two lines,\n"quoted"', 'provider;customer'],
        ['a2', 'Plain', '', ''],
      ],
      problem: null,
    });
  });

  it('says why it cannot show a snapshot that is cut off inside a quoted cell', () => {
    expect(readCsv('id,name\r\na1,"cut').problem).toBe(
      'The CSV ends inside a quoted cell that opens in row 2: a closing quote is missing.',
    );
  });
});
