import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

/**
 * A ZIP archive written as a stream (PKWARE APPNOTE 6.3: deflate, sizes in a data descriptor
 * after each file, UTF-8 names), so no file of the archive is ever held whole in memory. Each
 * entry's SHA-256 and size are computed while it is written, for the pack's manifest. No ZIP64:
 * an archive stays under 4 GiB and 65,535 files, or the writer refuses.
 */
export interface WrittenEntry {
  path: string;
  sha256: string;
  size: number;
}

interface CentralEntry {
  name: Buffer;
  method: number;
  crc: number;
  csize: number;
  usize: number;
  offset: number;
}

const LIMIT = 0xffffffff;
const FLAGS = 0x0808; // bit 3: sizes after the data; bit 11: the name is UTF-8

/** The DOS time and date of a moment (the resolution is two seconds). */
function dosTime(d: Date): { time: number; date: number } {
  const year = Math.max(1980, d.getUTCFullYear());
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

export class ZipWriter {
  #offset = 0;
  readonly #central: CentralEntry[] = [];
  readonly #when: { time: number; date: number };
  #busy = false;

  private constructor(
    private readonly out: fs.WriteStream,
    at: Date,
  ) {
    this.#when = dosTime(at);
  }

  /** A new archive at `file` (replaced if it exists); `at` is every entry's modification time. */
  static async create(file: string, at: Date): Promise<ZipWriter> {
    const out = fs.createWriteStream(file);
    await once(out, 'open');
    return new ZipWriter(out, at);
  }

  async #raw(buf: Buffer) {
    this.#offset += buf.length;
    if (this.#offset > LIMIT) throw new Error('the archive would be larger than 4 GiB');
    if (!this.out.write(buf)) await once(this.out, 'drain');
  }

  /**
   * Writes one file: `write` is given a function that writes the file's content in pieces (each
   * awaited, so memory stays bounded). Returns the content's SHA-256 and size.
   */
  async add(
    path: string,
    write: (put: (chunk: Buffer | string) => Promise<void>) => Promise<void>,
  ): Promise<WrittenEntry> {
    if (this.#busy) throw new Error('one entry at a time');
    if (this.#central.length >= 0xffff) throw new Error('more than 65,535 files in one archive');
    this.#busy = true;
    const name = Buffer.from(path, 'utf8');
    const offset = this.#offset;
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(FLAGS, 6);
    header.writeUInt16LE(8, 8);
    header.writeUInt16LE(this.#when.time, 10);
    header.writeUInt16LE(this.#when.date, 12);
    // crc and sizes (14..25) stay zero: they follow the data
    header.writeUInt16LE(name.length, 26);
    header.writeUInt16LE(0, 28);
    await this.#raw(Buffer.concat([header, name]));

    const hash = createHash('sha256');
    let crc = 0;
    let usize = 0;
    let csize = 0;
    const source = new PassThrough();
    const sink = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        csize += chunk.length;
        this.#raw(chunk).then(() => done(), done);
      },
    });
    const flowing = pipeline(source, zlib.createDeflateRaw({ level: 6 }), sink);
    const put = async (chunk: Buffer | string) => {
      const b = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      if (b.length === 0) return;
      hash.update(b);
      crc = zlib.crc32(b, crc);
      usize += b.length;
      if (usize > LIMIT) throw new Error(`${path} is larger than 4 GiB`);
      if (!source.write(b)) await Promise.race([once(source, 'drain'), flowing]);
    };
    try {
      await write(put);
      source.end();
      await flowing;
    } catch (e) {
      source.destroy();
      throw e;
    }
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc >>> 0, 4);
    descriptor.writeUInt32LE(csize, 8);
    descriptor.writeUInt32LE(usize, 12);
    await this.#raw(descriptor);
    this.#central.push({ name, method: 8, crc: crc >>> 0, csize, usize, offset });
    this.#busy = false;
    return { path, sha256: hash.digest('hex'), size: usize };
  }

  /** Writes a file whose content is at hand. */
  addBuffer(path: string, data: Buffer | string) {
    return this.add(path, (put) => put(data));
  }

  /** Writes a file from a readable stream (an evidence file of the blob store). */
  addStream(path: string, stream: NodeJS.ReadableStream) {
    return this.add(path, async (put) => {
      for await (const chunk of stream) await put(chunk as Buffer);
    });
  }

  /** Writes the central directory and closes the file. */
  async finish() {
    const start = this.#offset;
    for (const e of this.#central) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0
      h.writeUInt16LE(20, 6);
      h.writeUInt16LE(FLAGS, 8);
      h.writeUInt16LE(e.method, 10);
      h.writeUInt16LE(this.#when.time, 12);
      h.writeUInt16LE(this.#when.date, 14);
      h.writeUInt32LE(e.crc, 16);
      h.writeUInt32LE(e.csize, 20);
      h.writeUInt32LE(e.usize, 24);
      h.writeUInt16LE(e.name.length, 28);
      // extra, comment, disk, internal attributes: zero
      h.writeUInt32LE((0o100644 << 16) >>> 0, 38);
      h.writeUInt32LE(e.offset, 42);
      await this.#raw(Buffer.concat([h, e.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.#central.length, 8);
    end.writeUInt16LE(this.#central.length, 10);
    end.writeUInt32LE(this.#offset - start, 12);
    end.writeUInt32LE(start, 16);
    await this.#raw(end);
    this.out.end();
    await once(this.out, 'close');
  }

  /** Gives up: closes and removes the unfinished file. */
  async abort(file: string) {
    this.out.destroy();
    await fs.promises.rm(file, { force: true });
  }
}
