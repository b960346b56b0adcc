import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { reusingStatements } from './connect.js';

describe('SQLite statements kept for reuse', () => {
  it('prepares a query once, keeps the most recent ones and never hands out a busy one', () => {
    const handle = new SQLite(':memory:');
    const db = reusingStatements(handle, 2);
    const a = db.prepare('select 1 as x');
    expect(db.prepare('select 1 as x')).toBe(a);
    const b = db.prepare('select 2 as x');
    db.prepare('select 1 as x'); // a is now the most recently used
    db.prepare('select 3 as x'); // so b is the one dropped
    expect(db.prepare('select 1 as x')).toBe(a);
    expect(db.prepare('select 2 as x')).not.toBe(b);

    handle.exec('create table t (n integer)');
    handle.exec('insert into t values (1), (2)');
    const it1 = db.prepare('select n from t').iterate();
    it1.next();
    const twin = db.prepare('select n from t');
    expect(twin.all()).toEqual([{ n: 1 }, { n: 2 }]);
    it1.return?.();
    // A kept statement sees a column a migration adds after it was prepared.
    const all = db.prepare('select * from t');
    expect(all.all()).toEqual([{ n: 1 }, { n: 2 }]);
    handle.exec('alter table t add column m text');
    expect(db.prepare('select * from t').all()).toEqual([
      { n: 1, m: null },
      { n: 2, m: null },
    ]);
    db.close();
  });
});
