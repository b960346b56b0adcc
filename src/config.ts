import path from 'node:path';
import { LANES } from './kernel/lanes.js';

/** Runtime configuration. The only place in src/ that reads process.env. */
export interface Config {
  databaseUrl: string;
  /**
   * A PostgreSQL read replica (AIMS_DATABASE_READ_URL) for the reads that may lag: lists, exports
   * and reports (src/api/replica.ts). Never for commands, authorization or single records.
   */
  databaseReadUrl: string | null;
  host: string;
  port: number;
  dataDir: string;
  /**
   * Where the signing keys (and the credential key) live: AIMS_KEYS_DIR, by default
   * `<dataDir>/keys`. Kept elsewhere, someone who can change the data folder cannot sign.
   */
  keysDir: string;
  /** A file every signed ledger head is also appended to (AIMS_HEAD_MIRROR), or null. */
  headMirror: string | null;
  /**
   * AIMS_SYNC=full: a write is acknowledged only once it would survive a crash of the machine,
   * not only of the process: SQLite with synchronous=FULL (an fsync of the WAL at each commit) and
   * the head logs fdatasynced after each batch's append. Default `normal` (synchronous=NORMAL, no
   * fsync of the head log). PostgreSQL's own durability is its server's setting.
   */
  syncWrites: boolean;
  /**
   * How many write transactions of organizations' commands one process keeps open at once on
   * PostgreSQL (AIMS_WRITE_LANES, src/kernel/lanes.ts): by default the number of CPUs, at least 2
   * and at most 8. Fewer lanes make bigger batches (fewer round trips and commits a command),
   * more let more transactions run side by side.
   */
  writeLanes: number;
  logLevel: string;
  sessionTtlHours: number;
  bodyLimitBytes: number;
  importLimitBytes: number;
  evidenceLimitBytes: number;
  /**
   * The most the response cache of each process keeps (AIMS_RESPONSE_CACHE_BYTES, 32 MiB by
   * default; 0 turns it off): serialized answers of read routes by ledger head (src/api/response-cache.ts).
   */
  responseCacheBytes: number;
  secureCookies: boolean;
  loginRateLimit: { max: number; windowSeconds: number };
  publicRateLimit: { max: number; windowSeconds: number };
  /** The server a CLI command calls instead of opening the database (`aims gate` in a pipeline). */
  apiUrl: string | null;
  /** The API token such a command sends. */
  apiToken: string | null;
  /**
   * The SMTP server notifications are e-mailed through (smtp://user:pass@host:port, or smtps://
   * for TLS from the start), or null: then notifications stay in the app and no e-mail is sent.
   */
  smtpUrl: string | null;
  /** The sender address of notification e-mail. */
  smtpFrom: string;
  /** The address people open aims at, for the links in e-mail. */
  publicUrl: string;
  /** The bearer token `GET /metrics` asks for (AIMS_METRICS_TOKEN); null: no /metrics. */
  metricsToken: string | null;
  /**
   * Evidence files in an S3-compatible bucket (AIMS_BLOB_STORE=s3 and AIMS_S3_*), or null: files
   * under `<dataDir>/blobs`.
   */
  s3: S3Config | null;
}

/** An S3-compatible bucket (see src/blobs/s3.ts). */
export interface S3Config {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  prefix: string;
}

function s3Config(env: NodeJS.ProcessEnv): S3Config | null {
  const store = env.AIMS_BLOB_STORE || 'local';
  if (store === 'local') return null;
  if (store !== 's3') throw new Error(`AIMS_BLOB_STORE must be local or s3, got "${store}"`);
  const need = (name: string) => {
    const v = env[name];
    if (!v) throw new Error(`AIMS_BLOB_STORE=s3 needs ${name}`);
    return v;
  };
  const endpoint = need('AIMS_S3_ENDPOINT').replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(endpoint))
    throw new Error(`AIMS_S3_ENDPOINT must be http(s)://host[:port], got "${endpoint}"`);
  const prefix = env.AIMS_S3_PREFIX || '';
  return {
    endpoint,
    bucket: need('AIMS_S3_BUCKET'),
    region: env.AIMS_S3_REGION || 'us-east-1',
    accessKeyId: need('AIMS_S3_ACCESS_KEY_ID'),
    secretAccessKey: need('AIMS_S3_SECRET_ACCESS_KEY'),
    prefix: prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix,
  };
}

function int(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

/** The levels AIMS_LOG_LEVEL takes: `warn` by default, `info` for operations, `debug` adds a line per request. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.AIMS_DATA_DIR || './data');
  const host = env.AIMS_HOST || '127.0.0.1';
  const port = int('AIMS_PORT', env.AIMS_PORT, 8042);
  const smtpUrl = env.AIMS_SMTP_URL || null;
  if (smtpUrl !== null && !/^smtps?:\/\/[^\s]+$/.test(smtpUrl))
    throw new Error(
      `AIMS_SMTP_URL must be smtp://user:pass@host:port or smtps://…, got "${smtpUrl}"`,
    );
  const logLevel = env.AIMS_LOG_LEVEL || 'warn';
  if (!LOG_LEVELS.includes(logLevel))
    throw new Error(`AIMS_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  const sync = env.AIMS_SYNC || 'normal';
  if (sync !== 'normal' && sync !== 'full')
    throw new Error(`AIMS_SYNC must be normal or full, got "${sync}"`);
  const writeLanes = int('AIMS_WRITE_LANES', env.AIMS_WRITE_LANES, LANES);
  if (writeLanes < 1 || writeLanes > 64)
    throw new Error(`AIMS_WRITE_LANES must be between 1 and 64, got "${env.AIMS_WRITE_LANES}"`);
  const databaseReadUrl = env.AIMS_DATABASE_READ_URL || null;
  if (databaseReadUrl !== null && !/^postgres(ql)?:\/\//.test(databaseReadUrl))
    throw new Error(
      `AIMS_DATABASE_READ_URL must be a postgres:// URL (a read replica), got "${databaseReadUrl}"`,
    );
  return {
    databaseUrl: env.AIMS_DATABASE_URL || `sqlite:${path.join(dataDir, 'aims.db')}`,
    databaseReadUrl,
    host,
    port,
    dataDir,
    keysDir: env.AIMS_KEYS_DIR ? path.resolve(env.AIMS_KEYS_DIR) : path.join(dataDir, 'keys'),
    headMirror: env.AIMS_HEAD_MIRROR ? path.resolve(env.AIMS_HEAD_MIRROR) : null,
    syncWrites: sync === 'full',
    writeLanes,
    logLevel,
    sessionTtlHours: int('AIMS_SESSION_TTL_HOURS', env.AIMS_SESSION_TTL_HOURS, 12),
    bodyLimitBytes: int('AIMS_BODY_LIMIT_BYTES', env.AIMS_BODY_LIMIT_BYTES, 1024 * 1024),
    importLimitBytes: int('AIMS_IMPORT_LIMIT_BYTES', env.AIMS_IMPORT_LIMIT_BYTES, 50 * 1024 * 1024),
    evidenceLimitBytes: int(
      'AIMS_EVIDENCE_LIMIT_BYTES',
      env.AIMS_EVIDENCE_LIMIT_BYTES,
      1024 * 1024 * 1024,
    ),
    responseCacheBytes: int(
      'AIMS_RESPONSE_CACHE_BYTES',
      env.AIMS_RESPONSE_CACHE_BYTES,
      32 * 1024 * 1024,
    ),
    secureCookies: env.AIMS_SECURE_COOKIES === 'true',
    loginRateLimit: {
      max: int('AIMS_LOGIN_RATE_MAX', env.AIMS_LOGIN_RATE_MAX, 10),
      windowSeconds: int('AIMS_LOGIN_RATE_WINDOW_SECONDS', env.AIMS_LOGIN_RATE_WINDOW_SECONDS, 900),
    },
    publicRateLimit: {
      max: int('AIMS_PUBLIC_RATE_MAX', env.AIMS_PUBLIC_RATE_MAX, 5),
      windowSeconds: int(
        'AIMS_PUBLIC_RATE_WINDOW_SECONDS',
        env.AIMS_PUBLIC_RATE_WINDOW_SECONDS,
        3600,
      ),
    },
    apiUrl: env.AIMS_URL || null,
    apiToken: env.AIMS_TOKEN || null,
    smtpUrl,
    smtpFrom: env.AIMS_SMTP_FROM || 'aims <aims@localhost>',
    publicUrl: (env.AIMS_PUBLIC_URL || `http://${host}:${port}`).replace(/\/+$/, ''),
    metricsToken: env.AIMS_METRICS_TOKEN || null,
    s3: s3Config(env),
  };
}

/**
 * From how many events `verifyOrg` walks a chain in worker threads (src/kernel/verify-chain.ts):
 * AIMS_VERIFY_PARALLEL_MIN, 50,000 by default (0 or 1: always, as tests may ask).
 */
export function verifyParallelMin(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.AIMS_VERIFY_PARALLEL_MIN);
  return env.AIMS_VERIFY_PARALLEL_MIN && Number.isInteger(n) && n >= 0 ? n : 50_000;
}

/**
 * Whether every answer of a route is also parsed with its response schema (src/api/route.ts):
 * AIMS_CHECK_RESPONSES=1, which the test runner sets. Off in production, where the strip pass
 * alone shapes the answer.
 */
export const checkResponses = (env: NodeJS.ProcessEnv = process.env) =>
  env.AIMS_CHECK_RESPONSES === '1';
