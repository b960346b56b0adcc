import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, createHmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { S3Config } from '../config.js';
import { spoolHashed, type Blobs, type StoredBlob } from './store.js';

const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

const hmac = (key: Buffer | string, data: string) =>
  createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding as SigV4 wants it (each path segment on its own). */
const encode = (s: string) =>
  encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/**
 * Evidence blobs in an S3-compatible bucket, named `<prefix>sha256/<sha-256>` like the local
 * store's files. An upload is streamed through SHA-256 and the size limit into a temporary file
 * (memory does not grow with the size, and the name is known only at the end), then sent with
 * its length and its SHA-256 in the signature, so the service rejects bytes that changed on the
 * way. Requests are signed with AWS Signature Version 4 by node:crypto and sent with node:http(s):
 * no SDK, so nothing heavy is loaded when the server starts; `node:https` itself only when the
 * endpoint is https.
 */
export class S3BlobStore implements Blobs {
  private readonly url: URL;

  constructor(
    readonly config: S3Config,
    private readonly tmpDir = path.join(os.tmpdir(), 'aims-blob-uploads'),
  ) {
    this.url = new URL(config.endpoint);
    if (!/^https?:$/.test(this.url.protocol))
      throw new Error(`the S3 endpoint must be http(s)://, got "${config.endpoint}"`);
  }

  keyOf(sha256: string) {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a sha-256');
    return `${this.config.prefix}sha256/${sha256}`;
  }

  async put(source: Readable, limitBytes: number): Promise<StoredBlob> {
    const spooled = await spoolHashed(source, limitBytes, this.tmpDir);
    try {
      const key = this.keyOf(spooled.sha256);
      const head = await this.request('HEAD', key);
      head.resume();
      if (head.statusCode === 200)
        return { sha256: spooled.sha256, size: spooled.size, created: false };
      if (head.statusCode !== 404) throw this.failure('HEAD', key, head, '');
      const res = await this.request('PUT', key, {
        body: fs.createReadStream(spooled.file),
        size: spooled.size,
        sha256: spooled.sha256,
      });
      const text = await readText(res);
      if (res.statusCode !== 200) throw this.failure('PUT', key, res, text);
      return { sha256: spooled.sha256, size: spooled.size, created: true };
    } finally {
      fs.rmSync(spooled.file, { force: true });
    }
  }

  async verify(sha256: string): Promise<boolean> {
    const key = this.keyOf(sha256);
    const res = await this.request('GET', key);
    if (res.statusCode === 404) {
      res.resume();
      return false;
    }
    if (res.statusCode !== 200) throw this.failure('GET', key, res, await readText(res));
    const hash = createHash('sha256');
    for await (const chunk of res) hash.update(chunk as Buffer);
    return hash.digest('hex') === sha256;
  }

  read(sha256: string): Readable {
    const key = this.keyOf(sha256);
    // The request starts when the stream is first read (the route has verified the object).
    const get = async function* (store: S3BlobStore) {
      const res = await store.request('GET', key);
      if (res.statusCode !== 200) throw store.failure('GET', key, res, await readText(res));
      for await (const chunk of res) yield chunk as Buffer;
    };
    return Readable.from(get(this), { objectMode: false });
  }

  async discard(sha256: string): Promise<void> {
    const key = this.keyOf(sha256);
    const res = await this.request('DELETE', key);
    const text = await readText(res);
    if (res.statusCode !== 204 && res.statusCode !== 200 && res.statusCode !== 404)
      throw this.failure('DELETE', key, res, text);
  }

  private failure(method: string, key: string, res: IncomingMessage, body: string) {
    const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
    return new Error(
      `S3 ${method} ${this.config.bucket}/${key} answered ${res.statusCode}${code ? ` ${code}` : ''}`,
    );
  }

  /** One signed request (SigV4, path-style); resolves with the response, body unread. */
  private async request(
    method: 'GET' | 'HEAD' | 'PUT' | 'DELETE',
    key: string,
    upload?: { body: Readable; size: number; sha256: string },
  ): Promise<IncomingMessage> {
    const { accessKeyId, secretAccessKey, region, bucket } = this.config;
    const basePath = this.url.pathname.replace(/\/+$/, '');
    const canonicalUri = `${basePath}/${[bucket, ...key.split('/')].map(encode).join('/')}`;
    const amzDate = new Date()
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    const payloadHash = upload ? upload.sha256 : EMPTY_SHA256;
    const headers: Record<string, string> = {
      host: this.url.host,
      'x-amz-content-sha256': payloadHash,
      'x-amz-date': amzDate,
    };
    if (upload) {
      headers['content-length'] = String(upload.size);
      headers['content-type'] = 'application/octet-stream';
    }
    headers.authorization = signV4(
      { method, path: canonicalUri, headers, payloadHash },
      { accessKeyId, secretAccessKey, region },
    );

    const transport =
      this.url.protocol === 'https:' ? await import('node:https') : await import('node:http');
    return new Promise<IncomingMessage>((resolve, reject) => {
      const req = transport.request(
        {
          protocol: this.url.protocol,
          hostname: this.url.hostname,
          port: this.url.port || undefined,
          method,
          path: canonicalUri,
          headers,
        },
        resolve,
      );
      req.on('error', reject);
      if (upload) {
        upload.body.on('error', (e) => req.destroy(e));
        upload.body.pipe(req);
      } else req.end();
    });
  }
}

/**
 * The Authorization header of AWS Signature Version 4 for S3 over the given headers (all of them
 * signed; `x-amz-date` among them), a path already URI-encoded and no query string.
 */
export function signV4(
  req: { method: string; path: string; headers: Record<string, string>; payloadHash: string },
  key: { accessKeyId: string; secretAccessKey: string; region: string },
): string {
  const amzDate = req.headers['x-amz-date']!;
  const day = amzDate.slice(0, 8);
  const names = Object.keys(req.headers)
    .map((n) => n.toLowerCase())
    .sort();
  const lower = Object.fromEntries(
    Object.entries(req.headers).map(([n, v]) => [n.toLowerCase(), v]),
  );
  const signedHeaders = names.join(';');
  const canonical = [
    req.method,
    req.path,
    '',
    names.map((n) => `${n}:${lower[n]!.trim()}\n`).join(''),
    signedHeaders,
    req.payloadHash,
  ].join('\n');
  const scope = `${day}/${key.region}/s3/aws4_request`;
  const toSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    scope,
    createHash('sha256').update(canonical).digest('hex'),
  ].join('\n');
  const kDate = hmac(`AWS4${key.secretAccessKey}`, day);
  const kSigning = hmac(hmac(hmac(kDate, key.region), 's3'), 'aws4_request');
  const signature = createHmac('sha256', kSigning).update(toSign).digest('hex');
  return `AWS4-HMAC-SHA256 Credential=${key.accessKeyId}/${scope},SignedHeaders=${signedHeaders},Signature=${signature}`;
}

async function readText(res: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of res) text += (chunk as Buffer).toString('utf8');
  return text;
}
