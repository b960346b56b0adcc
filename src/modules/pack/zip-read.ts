import fs from 'node:fs';
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';

/**
 * Reads a ZIP archive from a file without unpacking it: the central directory first, then each
 * file streamed through inflate when asked for, its CRC-32 and size checked at the end. Refuses
 * what a pack never holds and an unpacker might misplace: absolute names, `..`, duplicates.
 */
export class ZipFormatError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ZipEntry {
  path: string;
  method: number;
  crc: number;
  csize: number;
  usize: number;
  offset: number;
}

const CHUNK = 64 * 1024;

export class ZipReader {
  private constructor(
    private readonly fd: fs.promises.FileHandle,
    readonly entries: Map<string, ZipEntry>,
  ) {}

  static async open(file: string): Promise<ZipReader> {
    const fd = await fs.promises.open(file, 'r');
    try {
      return new ZipReader(fd, await readDirectory(fd));
    } catch (e) {
      await fd.close();
      throw e;
    }
  }

  close() {
    return this.fd.close();
  }

  /** The file's content in pieces; throws ZipFormatError when the stored data is damaged. */
  async *chunks(entry: ZipEntry): AsyncGenerator<Buffer> {
    const head = Buffer.alloc(30);
    await this.fd.read(head, 0, 30, entry.offset);
    if (head.readUInt32LE(0) !== 0x04034b50)
      throw new ZipFormatError(entry.path, 'its local header is missing');
    const start = entry.offset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
    let crc = 0;
    let size = 0;
    const check = (b: Buffer) => {
      crc = zlib.crc32(b, crc);
      size += b.length;
      if (size > entry.usize) throw new ZipFormatError(entry.path, 'it is longer than recorded');
    };
    const raw = this.#raw(start, entry.csize);
    if (entry.method === 0) {
      for await (const b of raw) {
        check(b);
        yield b;
      }
    } else if (entry.method === 8) {
      const inflate = zlib.createInflateRaw();
      const feed = (async () => {
        for await (const b of raw) if (!inflate.write(b)) await onceDrain(inflate);
        inflate.end();
      })();
      feed.catch((e: unknown) => inflate.destroy(e as Error));
      try {
        for await (const b of inflate as AsyncIterable<Buffer>) {
          check(b);
          yield b;
        }
      } catch (e) {
        if (e instanceof ZipFormatError) throw e;
        throw new ZipFormatError(entry.path, 'its compressed data is damaged');
      }
      await feed;
    } else throw new ZipFormatError(entry.path, `it uses compression method ${entry.method}`);
    if (size !== entry.usize || crc >>> 0 !== entry.crc)
      throw new ZipFormatError(entry.path, 'its content does not match its CRC-32 or size');
  }

  /** The whole file (only for small files: the manifest, the key, a signature). */
  async read(entry: ZipEntry): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const b of this.chunks(entry)) parts.push(b);
    return Buffer.concat(parts);
  }

  /** The file's lines (split at \n, decoded as UTF-8), streamed. */
  async *lines(entry: ZipEntry): AsyncGenerator<string> {
    let rest = Buffer.alloc(0);
    for await (const b of this.chunks(entry)) {
      let buf = rest.length ? Buffer.concat([rest, b]) : b;
      let at = buf.indexOf(10);
      while (at >= 0) {
        yield buf.subarray(0, at).toString('utf8');
        buf = buf.subarray(at + 1);
        at = buf.indexOf(10);
      }
      rest = Buffer.from(buf);
    }
    if (rest.length) yield rest.toString('utf8');
  }

  /** The SHA-256 of the file's content, streamed. */
  async sha256(entry: ZipEntry): Promise<string> {
    const h = createHash('sha256');
    for await (const b of this.chunks(entry)) h.update(b);
    return h.digest('hex');
  }

  async *#raw(start: number, length: number): AsyncGenerator<Buffer> {
    for (let at = 0; at < length; at += CHUNK) {
      const n = Math.min(CHUNK, length - at);
      const b = Buffer.alloc(n);
      const { bytesRead } = await this.fd.read(b, 0, n, start + at);
      if (bytesRead < n) throw new Error('the archive is cut short');
      yield b;
    }
  }
}

const onceDrain = (s: NodeJS.WritableStream) =>
  new Promise<void>((resolve) => s.once('drain', resolve));

async function readDirectory(fd: fs.promises.FileHandle): Promise<Map<string, ZipEntry>> {
  const { size } = await fd.stat();
  const tail = Math.min(size, 22 + 0xffff);
  const buf = Buffer.alloc(tail);
  await fd.read(buf, 0, tail, size - tail);
  let eocd = -1;
  for (let i = tail - 22; i >= 0; i--)
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw new ZipFormatError('', 'the file is not a ZIP archive');
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdStart = buf.readUInt32LE(eocd + 16);
  if (cdStart + cdSize > size) throw new ZipFormatError('', 'the archive is cut short');
  const cd = Buffer.alloc(cdSize);
  await fd.read(cd, 0, cdSize, cdStart);
  const entries = new Map<string, ZipEntry>();
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50)
      throw new ZipFormatError('', 'the archive directory is damaged');
    const nameLen = cd.readUInt16LE(p + 28);
    const path = cd.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const e: ZipEntry = {
      path,
      method: cd.readUInt16LE(p + 10),
      crc: cd.readUInt32LE(p + 16),
      csize: cd.readUInt32LE(p + 20),
      usize: cd.readUInt32LE(p + 24),
      offset: cd.readUInt32LE(p + 42),
    };
    if (path.startsWith('/') || path.split('/').some((s) => s === '..' || s === ''))
      throw new ZipFormatError(path, 'a file name that points outside the archive');
    if (entries.has(path)) throw new ZipFormatError(path, 'the archive holds this name twice');
    if (e.offset + 30 > size) throw new ZipFormatError(path, 'the archive is cut short');
    entries.set(path, e);
    p += 46 + nameLen + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
  }
  return entries;
}
