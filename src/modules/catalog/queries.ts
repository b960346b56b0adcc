import { AppError } from '../../kernel/errors.js';
import { toPage, type Page, type PageQuery } from '../../kernel/paging.js';

/**
 * Pages a list of the catalog (fixed data, not the database) by the id after which to continue.
 * Catalog ids (A.6.2.4) are not what kernel/paging.ts's cursors hold, so the cursor is the id
 * itself, base64url-encoded.
 */
export function pageOf<T extends { id: string }>(list: readonly T[], query: PageQuery): Page<T> {
  let start = 0;
  if (query.cursor) {
    const after = Buffer.from(query.cursor, 'base64url').toString();
    start = list.findIndex((x) => x.id === after) + 1;
    if (start === 0)
      throw new AppError('VALIDATION_FAILED', 'The cursor is not one this API gave out.', [
        { pointer: '/query/cursor', message: 'Unknown cursor.' },
      ]);
  }
  return toPage(list.slice(start, start + query.limit + 1), query.limit, (x) => x.id);
}
