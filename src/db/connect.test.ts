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

  it('makes the same row objects as better-sqlite3, also after the schema changes', () => {
    const handle = new SQLite(':memory:');
    const db = reusingStatements(handle);
    handle.exec(`create table t (a integer, "b c" text)`);
    handle.exec(`insert into t values (1, 'x'), (2, null)`);
    const plain = (text: string) => handle.prepare(text).all();
    for (const text of [
      'select * from t order by a',
      // A duplicate name: the later column wins, as in better-sqlite3.
      'select a, "b c" as a from t order by a',
      'select a from t where a > 5',
    ]) {
      const rows = db.prepare(text).all();
      expect(rows).toEqual(plain(text));
    }
    // A column named __proto__ never sets a row's prototype.
    const odd = db.prepare(`select null as "__proto__", 1 as a`).all()[0]!;
    expect(Object.getPrototypeOf(odd)).toBe(Object.prototype);
    expect(odd).toMatchObject({ a: 1 });
    expect([...db.prepare('select a from t order by a').iterate()]).toEqual([{ a: 1 }, { a: 2 }]);
    // Renamed through the connection: the same statement, same width, other names.
    expect(db.prepare('select * from t limit 1').all()).toEqual([{ a: 1, 'b c': 'x' }]);
    db.prepare('alter table t rename column a to n').run();
    expect(db.prepare('select * from t limit 1').all()).toEqual([{ n: 1, 'b c': 'x' }]);
    db.close();
  });
});
