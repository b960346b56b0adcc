import fs from 'node:fs';
import path from 'node:path';

/**
 * A plain POSIX (ustar) tar of a folder's files, and its extraction: `aims backup --out FILE.tar`
 * packs the backup folder into one file that `tar -xf` also reads. Files are copied in chunks, so
 * memory does not grow with their size. Only regular files; names up to 100 bytes (a backup's
 * longest, a blob's path, has 80).
 */

const BLOCK = 512;
const CHUNK = 1 << 20;

function header(name: string, size: number, mode: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  if (Buffer.byteLength(name) > 100) throw new Error(`name too long for tar: ${name}`);
  const octal = (value: number, width: number, at: number) =>
    h.write(`${value.toString(8).padStart(width - 1, '0')}\0`, at, 'ascii');
  h.write(name, 0, 'utf8');
  octal(mode, 8, 100);
  octal(0, 8, 108);
  octal(0, 8, 116);
  octal(size, 12, 124);
  octal(Math.floor(Date.now() / 1000), 12, 136);
  h.write('        ', 148, 'ascii');
  h.write('0', 156, 'ascii');
  h.write('ustar\u000000', 257, 'binary');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

function listFiles(root: string, dir = root): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(root, p));
    else if (e.isFile()) out.push(path.relative(root, p).split(path.sep).join('/'));
  }
  return out.sort();
}

/** Packs every file under `dir` into the tar file `file` (which must not exist). */
export function packTar(dir: string, file: string) {
  const out = fs.openSync(file, 'wx', 0o600);
  try {
    const buf = Buffer.alloc(CHUNK);
    for (const rel of listFiles(dir)) {
      const src = path.join(dir, rel);
      const size = fs.statSync(src).size;
      fs.writeSync(out, header(rel, size, 0o600));
      const fd = fs.openSync(src, 'r');
      try {
        let done = 0;
        while (done < size) {
          const n = fs.readSync(fd, buf, 0, Math.min(CHUNK, size - done), done);
          if (n === 0) throw new Error(`${rel} shrank while it was packed`);
          fs.writeSync(out, buf, 0, n);
          done += n;
        }
      } finally {
        fs.closeSync(fd);
      }
      const pad = (BLOCK - (size % BLOCK)) % BLOCK;
      if (pad) fs.writeSync(out, Buffer.alloc(pad));
    }
    fs.writeSync(out, Buffer.alloc(BLOCK * 2));
  } finally {
    fs.closeSync(out);
  }
}

/** Extracts the regular files of a tar into `dir`, refusing names that leave it. */
export function unpackTar(file: string, dir: string) {
  const fd = fs.openSync(file, 'r');
  try {
    const h = Buffer.alloc(BLOCK);
    const buf = Buffer.alloc(CHUNK);
    let pos = 0;
    for (;;) {
      if (fs.readSync(fd, h, 0, BLOCK, pos) < BLOCK) throw new Error(`${file} ends too early`);
      pos += BLOCK;
      if (h.every((b) => b === 0)) return;
      const name = h.toString('utf8', 0, 100).replace(/\0.*$/s, '');
      const prefix = h.toString('utf8', 345, 500).replace(/\0.*$/s, '');
      const size = parseInt(h.toString('ascii', 124, 136).replace(/\0.*$/s, '').trim() || '0', 8);
      const type = h.toString('ascii', 156, 157);
      const rel = prefix ? `${prefix}/${name}` : name;
      if (type === '0' || type === '\0') {
        const target = path.resolve(dir, rel);
        if (!target.startsWith(path.resolve(dir) + path.sep))
          throw new Error(`${file} holds a name outside its folder: ${rel}`);
        fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
        const out = fs.openSync(target, 'wx', 0o600);
        try {
          let done = 0;
          while (done < size) {
            const n = fs.readSync(fd, buf, 0, Math.min(CHUNK, size - done), pos + done);
            if (n === 0) throw new Error(`${file} ends too early`);
            fs.writeSync(out, buf, 0, n);
            done += n;
          }
        } finally {
          fs.closeSync(out);
        }
      }
      pos += Math.ceil(size / BLOCK) * BLOCK;
    }
  } finally {
    fs.closeSync(fd);
  }
}
