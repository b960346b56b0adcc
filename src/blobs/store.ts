import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Config } from '../config.js';

export class BlobTooLarge extends Error {}

export interface StoredBlob {
  sha256: string;
  size: number;
  /** Whether this put stored the bytes (false: the same bytes were there already). */
  created: boolean;
}

/**
 * Where evidence files are kept, content-addressed by SHA-256: the local folder (BlobStore) or an
 * S3-compatible bucket (S3BlobStore in ./s3.ts), chosen by AIMS_BLOB_STORE.
 */
export interface Blobs {
  /** Streams `source` through SHA-256 into the store; BlobTooLarge past `limitBytes`. */
  put(source: Readable, limitBytes: number): Promise<StoredBlob>;
  /** Re-hashes a stored blob: true when its bytes still match its name. */
  verify(sha256: string): Promise<boolean>;
  read(sha256: string): Readable;
  /** Removes what a failed upload created (never a blob a record refers to). */
  discard(sha256: string): Promise<void>;
}

/**
 * Streams `source` through SHA-256 and a size limit into a new temporary file under `tmpDir`; the
 * file is removed again when that fails.
 */
export async function spoolHashed(
  source: Readable,
  limitBytes: number,
  tmpDir: string,
): Promise<{ file: string; sha256: string; size: number }> {
  fs.mkdirSync(tmpDir, { recursive: true });
  const file = path.join(tmpDir, `${Date.now()}-${randomBytes(6).toString('hex')}`);
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > limitBytes) return done(new BlobTooLarge(`larger than ${limitBytes} bytes`));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, meter, fs.createWriteStream(file));
    // @fastify/multipart marks a file cut at its size limit instead of failing the stream.
    if ((source as Readable & { truncated?: boolean }).truncated)
      throw new BlobTooLarge(`larger than ${limitBytes} bytes`);
  } catch (e) {
    fs.rmSync(file, { force: true });
    throw e;
  }
  return { file, sha256: hash.digest('hex'), size };
}

/**
 * Content-addressed files under AIMS_DATA_DIR/blobs: a file's name is its SHA-256, so the same
 * bytes are stored once, and a download can be checked against the name. Uploads stream through
 * a hash to a temporary file and are renamed into place: memory use does not grow with size.
 * Nothing here deletes a blob that a record refers to; `discard` removes only what a failed
 * upload created.
 */
export class BlobStore implements Blobs {
  constructor(readonly root: string) {}

  pathOf(sha256: string) {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a sha-256');
    return path.join(this.root, 'sha256', sha256.slice(0, 2), sha256);
  }

  async put(source: Readable, limitBytes: number): Promise<StoredBlob> {
    const {
      file: tmp,
      sha256,
      size,
    } = await spoolHashed(source, limitBytes, path.join(this.root, 'tmp'));
    const final = this.pathOf(sha256);
    if (fs.existsSync(final)) {
      fs.rmSync(tmp, { force: true });
      return { sha256, size, created: false };
    }
    fs.mkdirSync(path.dirname(final), { recursive: true });
    fs.renameSync(tmp, final);
    return { sha256, size, created: true };
  }

  async verify(sha256: string): Promise<boolean> {
    const file = this.pathOf(sha256);
    if (!fs.existsSync(file)) return false;
    const hash = createHash('sha256');
    for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
    return hash.digest('hex') === sha256;
  }

  read(sha256: string) {
    return fs.createReadStream(this.pathOf(sha256));
  }

  async discard(sha256: string) {
    fs.rmSync(this.pathOf(sha256), { force: true });
  }
}

/**
 * The blob store a configuration names: the local folder under the data folder, or (AIMS_BLOB_STORE
 * =s3) the bucket, whose module is loaded only then.
 */
export async function openBlobStore(config: {
  dataDir: string;
  s3: S3Config | null;
}): Promise<Blobs> {
  if (!config.s3) return new BlobStore(path.join(config.dataDir, 'blobs'));
  const { S3BlobStore } = await import('./s3.js');
  return new S3BlobStore(config.s3, path.join(config.dataDir, 'blobs', 'tmp'));
}
