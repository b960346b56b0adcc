import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { BlobTooLarge } from '../src/blobs/store.js';
import { S3BlobStore, signV4 } from '../src/blobs/s3.js';
import { loadConfig } from '../src/config.js';
import { createServices } from '../src/server.js';
import type { Services } from '../src/api/route.js';
import type { FastifyInstance } from 'fastify';
import { DIALECTS, openTestDatabase, type TestDatabase } from './harness.js';
import { createOrgFixture, type OrgFixture } from './client.js';

/** s3rver: a local S3-compatible server (devDependency) that checks SigV4 signatures. */
interface S3rver {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverClass = new (o: Record<string, unknown>) => S3rver;
const S3rverCtor = createRequire(import.meta.url)('s3rver') as S3rverClass;

const BUCKET = 'aims-evidence';
let server: S3rver;
let dir: string;
let endpoint: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-s3rver-'));
  server = new S3rverCtor({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: [{ name: BUCKET }],
  });
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const s3Env = () => ({
  AIMS_BLOB_STORE: 's3',
  AIMS_S3_ENDPOINT: endpoint,
  AIMS_S3_BUCKET: BUCKET,
  AIMS_S3_REGION: 'us-east-1',
  AIMS_S3_ACCESS_KEY_ID: 'S3RVER',
  AIMS_S3_SECRET_ACCESS_KEY: 'S3RVER',
  AIMS_S3_PREFIX: 'tenant-a',
});

/** The object s3rver keeps for a key (its file-system layout: `<bucket>/<key>._S3rver_object`). */
const objectFile = (sha: string) =>
  path.join(dir, BUCKET, 'tenant-a', 'sha256', `${sha}._S3rver_object`);

describe('the S3 blob store', () => {
  const store = () =>
    new S3BlobStore(loadConfig({ ...s3Env(), AIMS_DATA_DIR: dir }).s3!, path.join(dir, 'tmp'));

  it('reads AIMS_BLOB_STORE=s3 and its settings, and refuses an incomplete one', () => {
    expect(loadConfig({}).s3).toBeNull();
    expect(loadConfig(s3Env()).s3).toEqual({
      endpoint,
      bucket: BUCKET,
      region: 'us-east-1',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      prefix: 'tenant-a/',
    });
    expect(() => loadConfig({ ...s3Env(), AIMS_S3_BUCKET: '' })).toThrow(/AIMS_S3_BUCKET/);
    expect(() => loadConfig({ AIMS_BLOB_STORE: 'ftp' })).toThrow(/local or s3/);
  });

  it('puts by SHA-256 (once), verifies, reads, refuses what is too large, and discards', async () => {
    const s = store();
    const data = Buffer.from('model card v3\n'.repeat(5000));
    const sha = createHash('sha256').update(data).digest('hex');
    const first = await s.put(Readable.from([data.subarray(0, 1000), data.subarray(1000)]), 1e6);
    expect(first).toEqual({ sha256: sha, size: data.length, created: true });
    expect(fs.readFileSync(objectFile(sha))).toEqual(data);
    expect(await s.put(Readable.from([data]), 1e6)).toEqual({ ...first, created: false });
    expect(await s.verify(sha)).toBe(true);
    const chunks: Buffer[] = [];
    for await (const c of s.read(sha)) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks)).toEqual(data);

    await expect(s.put(Readable.from([data]), 100)).rejects.toBeInstanceOf(BlobTooLarge);
    expect(fs.readdirSync(path.join(dir, 'tmp'))).toEqual([]);

    fs.writeFileSync(objectFile(sha), 'tampered');
    expect(await s.verify(sha)).toBe(false);
    await s.discard(sha);
    expect(await s.verify(sha)).toBe(false);
    expect(await s.verify('0'.repeat(64))).toBe(false);
  });

  it('signs as AWS Signature Version 4 does (the example of the S3 API reference)', () => {
    // GET Object with a Range header, from the S3 documentation of SigV4 header authentication.
    const auth = signV4(
      {
        method: 'GET',
        path: '/test.txt',
        headers: {
          host: 'examplebucket.s3.amazonaws.com',
          range: 'bytes=0-9',
          'x-amz-content-sha256': createHash('sha256').update('').digest('hex'),
          'x-amz-date': '20130524T000000Z',
        },
        payloadHash: createHash('sha256').update('').digest('hex'),
      },
      {
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        region: 'us-east-1',
      },
    );
    expect(auth).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,' +
        'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,' +
        'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });

  it('fails loudly when the service refuses (an unknown access key)', async () => {
    const s = new S3BlobStore({ ...store().config, accessKeyId: 'NOBODY' }, path.join(dir, 'tmp'));
    await expect(s.put(Readable.from(['x']), 10)).rejects.toThrow(/answered 403/);
  });
});

function multipart(fields: Record<string, string>, file: { name: string; data: Buffer }) {
  const b = `----aims${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(
      Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
    );
  parts.push(
    Buffer.from(
      `--${b}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/plain\r\n\r\n`,
    ),
    file.data,
    Buffer.from(`\r\n--${b}--\r\n`),
  );
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${b}` };
}

describe.each(DIALECTS)('evidence files in S3 through the API on %s', (dialect) => {
  let database: TestDatabase;
  let services: Services;
  let app: FastifyInstance;
  let org: OrgFixture;
  let base: string;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    const config = {
      ...loadConfig({ ...s3Env(), AIMS_DATA_DIR: database.dir }),
      logLevel: 'silent',
    };
    services = await createServices(config, database);
    app = await buildApp(services, { logLevel: 'silent' });
    await app.ready();
    org = await createOrgFixture({ app, services });
    base = `/api/v1/orgs/${org.slug}`;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('uploads to the bucket, downloads the same bytes, removes a failed upload, refuses changed bytes', async () => {
    expect(services.blobs).toBeInstanceOf(S3BlobStore);
    const data = Buffer.from(`${dialect} validation report\n`.repeat(2000));
    const sha = createHash('sha256').update(data).digest('hex');
    const mp = multipart({ title: 'Validation report' }, { name: 'report.txt', data });
    const up = await org.owner.request('POST', `${base}/evidence/files`, mp.body, {
      'content-type': mp.type,
    });
    expect(up.statusCode).toBe(201);
    expect(up.json()).toMatchObject({ sha256: sha, size: data.length });
    expect(fs.readFileSync(objectFile(sha))).toEqual(data);
    expect(fs.existsSync(path.join(database.dir, 'blobs', 'sha256'))).toBe(false);

    const down = await org.owner.get(`${base}/evidence/${up.json().id}/download`);
    expect(down.statusCode).toBe(200);
    expect(down.rawPayload).toEqual(data);
    expect(down.headers['x-content-sha256']).toBe(sha);

    // A rejected upload leaves no object behind.
    const orphanData = Buffer.from(`${dialect} orphan?`);
    const orphan = createHash('sha256').update(orphanData).digest('hex');
    const bad = multipart({ title: '' }, { name: 'x.txt', data: orphanData });
    const rejected = await org.owner.request('POST', `${base}/evidence/files`, bad.body, {
      'content-type': bad.type,
    });
    expect(rejected.statusCode).toBe(400);
    expect(fs.existsSync(objectFile(orphan))).toBe(false);

    fs.writeFileSync(objectFile(sha), 'tampered');
    const corrupt = await org.owner.get(`${base}/evidence/${up.json().id}/download`);
    expect(corrupt.statusCode).toBe(409);
    expect(corrupt.json().code).toBe('BLOB_CORRUPT');
    fs.writeFileSync(objectFile(sha), data);
  });
});
