import { describe, expect, it } from 'vitest';
import { AppError } from '../kernel/errors.js';
import { parseCsv, readCsv, toCsv } from './csv.js';

/** The AppError a call throws, so a test can check status, code and message together. */
function thrown(f: () => unknown): AppError {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('nothing was thrown');
}

describe('reading CSV', () => {
  it('drops a UTF-8 byte order mark, so the first column keeps its name', () => {
    expect(parseCsv('\uFEFFname,purpose\r\nTriage,Ranks cases\r\n')).toEqual([
      ['name', 'purpose'],
      ['Triage', 'Ranks cases'],
    ]);
  });

  it('reads `;` as European Excel writes it, decimal commas and lists included', () => {
    const excel =
      '\uFEFFname;purpose;score;aiRoles\r\n' +
      'Triage;Ranks cases, then routes them;3,5;provider,customer\r\n' +
      'Scorer;Scores loans;12,25;provider\r\n';
    expect(parseCsv(excel)).toEqual([
      ['name', 'purpose', 'score', 'aiRoles'],
      ['Triage', 'Ranks cases, then routes them', '3,5', 'provider,customer'],
      ['Scorer', 'Scores loans', '12,25', 'provider'],
    ]);
  });

  it('reads `,` with `;`-joined lists in its cells as a comma file', () => {
    expect(parseCsv('name,aiRoles\nScorer,provider;customer\nPlanner,customer\n')).toEqual([
      ['name', 'aiRoles'],
      ['Scorer', 'provider;customer'],
      ['Planner', 'customer'],
    ]);
  });

  it('reads tab-separated text, as a spreadsheet copies it', () => {
    expect(parseCsv('name\tpurpose\nTriage\tRanks, sorts; routes\n')).toEqual([
      ['name', 'purpose'],
      ['Triage', 'Ranks, sorts; routes'],
    ]);
  });

  it('reads a file of one column', () => {
    expect(parseCsv('name\nTriage\n')).toEqual([['name'], ['Triage']]);
  });

  it('reads quoted cells holding separators, line breaks and doubled quotes', () => {
    const semicolons = 'name;note\r\n"A;B";"one, two"\r\n"say ""hi""";"line 1\r\nline 2"\r\n';
    expect(parseCsv(semicolons)).toEqual([
      ['name', 'note'],
      ['A;B', 'one, two'],
      ['say "hi"', 'line 1\nline 2'],
    ]);
    const commas = 'name,note\n"A,B","x; y"\n"say ""hi""","line 1\nline 2"\n';
    expect(parseCsv(commas)).toEqual([
      ['name', 'note'],
      ['A,B', 'x; y'],
      ['say "hi"', 'line 1\nline 2'],
    ]);
  });

  it('reads CRLF, LF, and a file that mixes them, without joining rows', () => {
    const rows = [
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ];
    expect(parseCsv('a,b\r\n1,2\r\n3,4')).toEqual(rows);
    expect(parseCsv('a,b\n1,2\n3,4\n')).toEqual(rows);
    expect(parseCsv('a,b\r\n1,2\n3,4\r\n')).toEqual(rows);
  });

  it('leaves out blank rows, also those of empty or spaced cells', () => {
    expect(parseCsv('a;b\r\n\r\n1;2\r\n;\r\n  ; \r\n3;4\r\n\r\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('\uFEFF\r\n')).toEqual([]);
  });

  it('refuses a file that ends inside a quoted cell, naming the row where the cell opens', () => {
    const e = thrown(() => parseCsv('name,purpose\nTriage,"Ranks cases\nScorer,Scores loans\n'));
    expect(e.status).toBe(422);
    expect(e.code).toBe('IMPORT_INVALID');
    expect(e.message).toBe(
      'The CSV ends inside a quoted cell that opens in row 2: a closing quote is missing.',
    );
  });

  it('refuses a quoted cell with text after its closing quote, which hides where rows end', () => {
    const e = thrown(() => parseCsv('name;purpose\nTriage;Ranks\n"Big" model;Plans\n'));
    expect(e.status).toBe(422);
    expect(e.code).toBe('IMPORT_INVALID');
    expect(e.message).toContain('Row 3 has a quoted cell with more text after its closing quote');
    // The web app's reader says the same and keeps what it could read.
    expect(readCsv('a\n"x"y\n').problem).toContain('Row 2');
  });
});

describe('writing CSV', () => {
  it('writes comma-separated CRLF rows without a BOM, quoting only where needed', () => {
    expect(
      toCsv(
        ['name', 'note', 'aiRoles', 'score'],
        [{ name: 'A, B', note: 'say "hi"\nnext', aiRoles: ['provider', 'customer'], score: 3 }],
      ),
    ).toBe('name,note,aiRoles,score\r\n"A, B","say ""hi""\nnext",provider;customer,3\r\n');
    expect(toCsv(['id', 'name'], [])).toBe('id,name\r\n');
    expect(toCsv(['a', 'b'], [{ a: null }])).toBe('a,b\r\n,\r\n');
  });

  it('puts an apostrophe before cells a spreadsheet would run as a formula', () => {
    const out = toCsv(
      ['v'],
      ['=HYPERLINK("x")', '+1', '-1', '@SUM(A1)', '\tx', "'=already"].map((v) => ({ v })),
    );
    expect(out.split('\r\n').slice(1, -1)).toEqual([
      `"'=HYPERLINK(""x"")"`,
      `"'+1"`,
      `"'-1"`,
      `"'@SUM(A1)"`,
      `"'\tx"`,
      `"''=already"`,
    ]);
  });

  it('reads back every value it wrote, guarded ones included', () => {
    const values = [
      'plain',
      '=1+1',
      '-5',
      '+49 30 1234',
      '@team',
      "'=kept apostrophe",
      "''-two",
      "it's fine",
      'a, b; c',
      'quote " inside',
      'two\nlines',
      ' spaced ',
      'café – ✓',
    ];
    const records = values.map((v, i) => ({ id: String(i), v, list: ['x', v] }));
    const [head, ...rows] = parseCsv(toCsv(['id', 'v', 'list'], records));
    expect(head).toEqual(['id', 'v', 'list']);
    expect(rows).toEqual(values.map((v, i) => [String(i), v, `x;${v}`]));
  });
});
