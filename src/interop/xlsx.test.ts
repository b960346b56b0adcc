import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { sheetNameOf, toXlsx } from './xlsx.js';

describe('an XLSX export', () => {
  it('names its worksheet after a title holding characters Excel forbids there', async () => {
    const file = await toXlsx(
      'Accuracy log: triage/assistant [v2] *draft*?',
      ['metric'],
      [{ metric: 'top-1 accuracy' }],
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Accuracy log triage assistant v']);
    expect(wb.worksheets[0]!.getCell('A2').value).toBe('top-1 accuracy');
  });

  it('keeps a worksheet name within 31 UTF-16 units, whole characters, never empty', async () => {
    expect(sheetNameOf('😀'.repeat(40))).toBe('😀'.repeat(15));
    await expect(toXlsx('😀'.repeat(40), ['a'], [])).resolves.toBeInstanceOf(Buffer);
    expect(sheetNameOf("'::'")).toBe('Sheet1');
    expect(sheetNameOf('Risks')).toBe('Risks');
  });
});
