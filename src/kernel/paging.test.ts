import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/harness.js';
import { encodeCursor, keysetPage } from './paging.js';

describe.each(['sqlite', 'postgres'] as const)('keyset paging on %s', (dialect) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(dialect);
  });
  afterAll(() => db?.close());

  const versions = (cursor: string) =>
    keysetPage(
      db.db.selectFrom('scope_versions').selectAll(),
      { limit: 10, cursor },
      { column: 'number', direction: 'desc', numeric: true, key: (r) => r.number },
    );

  it('refuses a cursor that is no number on a numeric column, as a bad request', async () => {
    await expect(versions(encodeCursor('abc'))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ pointer: '/query/cursor' }],
    });
    await expect(versions(encodeCursor(3))).resolves.toEqual({ items: [], nextCursor: null });
  });
});
