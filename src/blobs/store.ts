import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export class BlobTooLarge extends Error {}

/**
 * Content-addressed files under AIMS_DATA_DIR/blobs: a file's name is its SHA-256, so the same
 * bytes are stored once, and a download can be checked against the name. Uploads stream through
 * a hash to a temporary file and are renamed into place: memory use does not grow with size.
 * Nothing here deletes a blob that a record refers to; `discard` removes only what a failed
 * upload created.
 */
export class BlobStore {
  constructor(readonly root: string) {}

  pathOf(sha256: string) {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a sha-256');
    return path.join(this.root, 'sha256', sha256.slice(0, 2), sha256);
  }

  async put(
    source: Readable,
    limitBytes: number,
  ): Promise<{ sha256: string; size: number; created: boolean }> {
    const tmpDir = path.join(this.root, 'tmp');
    fs.mkdirSync(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, `${Date.now()}-${randomBytes(6).toString('hex')}`);
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
      await pipeline(source, meter, fs.createWriteStream(tmp));
      // @fastify/multipart marks a file cut at its size limit instead of failing the stream.
      if ((source as Readable & { truncated?: boolean }).truncated)
        throw new BlobTooLarge(`larger than ${limitBytes} bytes`);
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      throw e;
    }
    const sha256 = hash.digest('hex');
    const final = this.pathOf(sha256);
    if (fs.existsSync(final)) {
      fs.rmSync(tmp, { force: true });
      return { sha256, size, created: false };
    }
    fs.mkdirSync(path.dirname(final), { recursive: true });
    fs.renameSync(tmp, final);
    return { sha256, size, created: true };
  }

  /** Re-hashes a stored blob: true when its bytes still match its name. */
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

  discard(sha256: string) {
    fs.rmSync(this.pathOf(sha256), { force: true });
  }
}
