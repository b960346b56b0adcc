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

async function migratorOf<T>(db: Kysely<T>, migrations: Record<string, Migration>) {
  // On PostgreSQL the migrator looks for its own tables by name in every schema it can see; name
  // the schema in use, or a database holding another aims schema would skip creating them here.
  const migrationTableSchema =
    db.getExecutor().adapter instanceof PostgresAdapter
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s
      : undefined;
  return new Migrator({
    db,
    provider: new StaticProvider(migrations),
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
}

/**
 * The migrations this code has that the database has not run (the readiness probe: the database
 * answers and its schema is the one the code expects). Throws when the database does not answer.
 */
export async function pendingMigrations<T>(
  db: Kysely<T>,
  migrations: Record<string, Migration> = MIGRATIONS,
): Promise<string[]> {
  const infos = await (await migratorOf(db, migrations)).getMigrations();
  return infos.filter((m) => m.executedAt === undefined).map((m) => m.name);
}

/** Brings the schema up to date; safe to run on every start. Returns the migrations it applied. */
export async function migrateToLatest<T>(
  db: Kysely<T>,
  migrations: Record<string, Migration> = MIGRATIONS,
): Promise<string[]> {
  const migrator = await migratorOf(db, migrations);
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
