import { AppError, type FieldError } from '../../kernel/errors.js';

/**
 * Reading an uploaded JSON document (a CycloneDX BOM): a syntax error is answered with the line
 * and column where it is, and a document of the wrong kind with each problem's JSON pointer.
 */
export type Json = Record<string, unknown>;

/** Line and column (from 1) of a character offset. */
function lineColumn(text: string, offset: number) {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

export function parseJsonDocument(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = /at position (\d+)/.exec(message);
    const where = at ? lineColumn(text, Number(at[1])) : null;
    const detail = message.replace(/\s*\(line \d+ column \d+\)$/, '');
    throw new AppError(
      'MALFORMED_JSON',
      where
        ? `The document is not valid JSON: ${detail} (line ${where.line}, column ${where.column}); nothing was imported.`
        : `The document is not valid JSON: ${detail}; nothing was imported.`,
      [
        {
          pointer: '/body',
          message: where ? `line ${where.line}, column ${where.column}: ${detail}` : detail,
        },
      ],
    );
  }
}

export const isObject = (v: unknown): v is Json =>
  !!v && typeof v === 'object' && !Array.isArray(v);

export const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

export function documentProblem(what: string, errors: FieldError[]) {
  return new AppError(
    'DOCUMENT_INVALID',
    `The ${what} has ${errors.length} problem${errors.length === 1 ? '' : 's'}; nothing was imported.`,
    errors,
  );
}
