// The Kysely database type and the ledgered columns, both derived from the table registry.
export { LEDGERED, type DB, type LedgeredTable, type Row, type TableName } from './tables.js';
