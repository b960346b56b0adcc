import {
  ASSESSMENT_TABLES,
  CHANGE_DECISION_TABLES,
  REGISTER_BASE_COLUMNS,
  SOA_TABLES,
  REGISTER_TABLES,
  RISK_TABLES,
  WORKFLOW_TABLES,
  columnName,
} from './register-tables.js';

/**
 * Table types for Kysely. Timestamps are ISO-8601 strings and JSON values are text on both
 * dialects, so a row reads back identically from SQLite and PostgreSQL and its ledger state
 * (which is hashed) does not depend on the store.
 */
export interface OrgsTable {
  id: string;
  slug: string;
  name: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  created_at: string;
  updated_at: string;
}

export interface MembershipsTable {
  id: string;
  org_id: string;
  user_id: string;
  email: string;
  role: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  id: string;
  org_id: string;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  scopes: string;
  expires_at: string | null;
  revoked_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface LedgerEventsTable {
  org_id: string;
  seq: number;
  entity: string;
  entity_id: string;
  body: string;
  hash: string;
}

export interface LedgerHeadsTable {
  org_id: string;
  seq: number;
  hash: string;
}

export interface LedgerCheckpointsTable {
  org_id: string;
  seq: number;
  hash: string;
  signed_at: string;
  signature: string;
}

export interface DB {
  orgs: OrgsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  ledger_events: LedgerEventsTable;
  ledger_heads: LedgerHeadsTable;
  ledger_checkpoints: LedgerCheckpointsTable;
}

/**
 * The organization records whose every change is in the ledger, and which of their columns the
 * ledger state holds. Secrets (token hashes) stay out of the ledger; `aims ledger verify` replays
 * the events and compares exactly these columns with the tables.
 */
export const LEDGERED: Record<string, { table: string; columns: readonly string[] }> = {
  orgs: { table: 'orgs', columns: ['id', 'slug', 'name', 'version', 'created_at', 'updated_at'] },
  memberships: {
    table: 'memberships',
    columns: ['id', 'org_id', 'user_id', 'email', 'role', 'version', 'created_at', 'updated_at'],
  },
  api_tokens: {
    table: 'api_tokens',
    columns: [
      'id',
      'org_id',
      'user_id',
      'name',
      'prefix',
      'scopes',
      'expires_at',
      'revoked_at',
      'version',
      'created_at',
      'updated_at',
    ],
  },
};

for (const [table, columns] of [
  ...Object.entries(REGISTER_TABLES),
  ...Object.entries(WORKFLOW_TABLES),
  ...Object.entries(RISK_TABLES),
  ...Object.entries(ASSESSMENT_TABLES),
  ...Object.entries(SOA_TABLES),
  ...Object.entries(CHANGE_DECISION_TABLES),
]) {
  LEDGERED[table] = { table, columns: [...REGISTER_BASE_COLUMNS, ...columns.map(columnName)] };
}
