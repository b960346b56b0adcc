import {
  Kysely,
  Migrator,
  PostgresAdapter,
  sql,
  type Migration,
  type MigrationProvider,
} from 'kysely';
import { MIGRATIONS } from './migrations/index.js';

/**
 * One migration set for SQLite and PostgreSQL: only portable types (text, integer) and the
 * schema builder, so the same statements run on both.
 */
export const MIGRATION_NAMES = Object.keys(MIGRATIONS);

class StaticProvider implements MigrationProvider {
  constructor(private readonly migrations: Record<string, Migration>) {}
  async getMigrations() {
    return this.migrations;
  }
}

/** Brings the schema up to date; safe to run on every start. Returns the migrations it applied. */
export async function migrateToLatest<T>(
  db: Kysely<T>,
  migrations: Record<string, Migration> = MIGRATIONS,
): Promise<string[]> {
  // On PostgreSQL the migrator looks for its own tables by name in every schema it can see; name
  // the schema in use, or a database holding another aims schema would skip creating them here.
  const migrationTableSchema =
    db.getExecutor().adapter instanceof PostgresAdapter
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s
      : undefined;
  const migrator = new Migrator({
    db,
    provider: new StaticProvider(migrations),
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
