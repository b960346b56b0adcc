/**
 * The schema stays ready to be distributed by organization on a PostgreSQL-compatible distributed
 * engine (e.g. Citus, docs/OPERATIONS.md "Distributing by organization"): every table but the
 * instance-wide ones holds `org_id`, has a unique key with `org_id` in it (what becomes its
 * primary key there: (org_id, id)), has no other unique key without `org_id`, and every foreign
 * key either includes `org_id` or points at an instance-wide table (a reference table there).
 * Checked on the schema the migrations build, on both dialects. The exceptions are listed with
 * their reasons; a listed exception that no longer exists fails too, so the list stays true.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from './harness.js';
import { introspect, type TableShape } from './schema-introspect.js';

/** Tables of the instance, not of one organization: reference tables on a distributed engine. */
const INSTANCE_WIDE: Record<string, string> = {
  orgs: 'the organizations themselves: distributed by their id (co-located with everything else) or a reference table',
  users: 'a person signs in once and may be a member of several organizations',
  sessions: 'a sign-in of a user, before and across organizations',
  recovery_codes: "a user's second-factor recovery codes: the person's, not an organization's",
  password_resets: 'a reset link for a user, who may belong to several organizations',
};

/**
 * Unique keys without org_id that are unique by construction (random, 128 bits or more) and looked
 * up before the organization is known. On a distributed engine they become unique per
 * organization ((org_id, key)) and the lookup asks every shard.
 */
const GLOBAL_KEYS: Record<string, string> = {
  'api_tokens: token_hash':
    'the SHA-256 of a 256-bit random token; a request names only the token, not its organization',
  'outbox: message_id': 'an e-mail Message-ID made from a random UUID; unique by construction',
  'invitations: token_hash':
    'the SHA-256 of a 256-bit random link token; the invitee names only the token, not its organization',
};

const hasOrg = (cols: string) => cols.split(', ').includes('org_id');

function problems(shapes: Record<string, TableShape>): { problems: string[]; seen: string[] } {
  const out: string[] = [];
  const seen: string[] = [];
  for (const [table, s] of Object.entries(shapes)) {
    if (table in INSTANCE_WIDE) continue;
    if (!('org_id' in s.columns)) {
      out.push(`${table}: no org_id column`);
      continue;
    }
    const unique = [
      s.primaryKey.join(', '),
      ...s.indexes.filter((i) => i.startsWith('unique ')).map((i) => i.slice('unique '.length)),
    ];
    if (!unique.some(hasOrg)) out.push(`${table}: no unique key with org_id`);
    // The primary key `id` (a UUIDv7, unique on its own) becomes (org_id, id) there.
    for (const u of unique.slice(s.primaryKey.join(', ') === 'id' ? 1 : 0)) {
      if (hasOrg(u)) continue;
      const key = `${table}: ${u}`;
      if (key in GLOBAL_KEYS) seen.push(key);
      else out.push(`${table}: unique key (${u}) without org_id`);
    }
    for (const fk of s.foreignKeys) {
      const [from, to] = fk.split(' -> ') as [string, string];
      const target = to.slice(0, to.indexOf('('));
      if (!hasOrg(from) && !(target in INSTANCE_WIDE))
        out.push(`${table}: foreign key ${fk} without org_id`);
    }
  }
  return { problems: out, seen };
}

describe.each(DIALECTS)('the schema, ready to distribute by organization (%s)', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(dialect);
  });
  afterAll(() => t.close());

  it('has the organization id in every key of every organization table', async () => {
    const shapes = await introspect(t.db, dialect);
    for (const table of Object.keys(INSTANCE_WIDE)) expect(shapes).toHaveProperty(table);
    const { problems: found, seen } = problems(shapes);
    expect(found).toEqual([]);
    expect(seen.sort()).toEqual(Object.keys(GLOBAL_KEYS).sort());
  });

  it('finds a table that would break it', () => {
    const broken: Record<string, TableShape> = {
      things: {
        columns: {
          id: { type: 'text', nullable: false },
          org_id: { type: 'text', nullable: false },
        },
        primaryKey: ['id'],
        indexes: ['unique name'],
        foreignKeys: ['parent_id -> things(id)'],
      },
      loose: {
        columns: { id: { type: 'text', nullable: false } },
        primaryKey: ['id'],
        indexes: [],
        foreignKeys: [],
      },
    };
    expect(problems(broken).problems).toEqual([
      'things: no unique key with org_id',
      'things: unique key (name) without org_id',
      'things: foreign key parent_id -> things(id) without org_id',
      'loose: no org_id column',
    ]);
  });
});
