import fs from 'node:fs';
import http from 'node:http';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANNEX_A_CONTROL_IDS } from '../src/catalog/index.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { createOrgFixture, type OrgFixture } from './client.js';
import { readPdf } from './pdf-text.js';

function multipart(
  fields: Record<string, string>,
  file: { name: string; type: string; data: Buffer },
) {
  const b = `----aims${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(
      Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
    );
  parts.push(
    Buffer.from(
      `--${b}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
    ),
    file.data,
    Buffer.from(`\r\n--${b}--\r\n`),
  );
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${b}` };
}

describe.each(DIALECTS)('Statement of Applicability and evidence on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
  });
  afterAll(() => t.close());

  it('lists all 38 controls, needs a justification both ways, and approves a frozen version by a second person', async () => {
    const first = (await org.owner.get(`${base}/soa?limit=200`)).json();
    expect(first.items).toHaveLength(38);
    expect(first.items.every((r: { applicable: boolean | null }) => r.applicable === null)).toBe(
      true,
    );
    const noWhy = await org.owner.request('PUT', `${base}/soa/A.6.2.2`, {
      applicable: false,
      justification: '',
    });
    expect(noWhy.statusCode).toBe(400);
    expect(noWhy.json().errors[0].pointer).toBe('/body/justification');
    expect(
      (await org.owner.request('PUT', `${base}/soa/A.6.2.2`, { applicable: true })).statusCode,
    ).toBe(400);
    expect(
      (
        await org.owner.request('PUT', `${base}/soa/A.99.1`, {
          applicable: true,
          justification: 'x',
        })
      ).statusCode,
    ).toBe(404);
    const ex = (
      await org.owner.request('PUT', `${base}/soa/A.6.2.2`, {
        applicable: false,
        justification: 'We develop no AI in-house.',
      })
    ).json();
    expect(ex).toMatchObject({ applicable: false, implementationStatus: 'not_applicable' });
    const risk = (
      await org.owner.post(`${base}/risks`, { title: 'r', controlIds: ['A.7.4'] })
    ).json();
    const inc = (
      await org.owner.request('PUT', `${base}/soa/A.7.4`, {
        applicable: true,
        justification: 'We train on customer data.',
        implementationStatus: 'partial',
      })
    ).json();
    expect(inc).toMatchObject({
      applicable: true,
      implementationStatus: 'partial',
      riskIds: [risk.id],
    });
    expect(
      (
        await org.owner.post(`${base}/soa/controls`, {
          controlId: 'ORG-1',
          title: 'Release board',
          justification: 'Group policy',
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await org.owner.post(`${base}/soa/controls`, {
          controlId: 'A.2.9',
          title: 'x',
          justification: 'y',
        })
      ).statusCode,
    ).toBe(400);
    const undecided = await org.owner.post(`${base}/soa-versions`, {});
    expect(undecided.statusCode).toBe(409);
    for (const id of ANNEX_A_CONTROL_IDS) {
      if (id === 'A.6.2.2' || id === 'A.7.4') continue;
      await org.owner.request('PUT', `${base}/soa/${id}`, {
        applicable: true,
        justification: 'Needed for our AI systems.',
      });
    }
    const author = await org.member('manager');
    const v = (await author.post(`${base}/soa-versions`, { changeNote: 'First' })).json();
    expect(v).toMatchObject({
      number: 1,
      status: 'draft',
      contentSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect((await author.post(`${base}/soa-versions/${v.id}/approve`)).json().code).toBe(
      'SELF_APPROVAL',
    );
    expect((await org.owner.post(`${base}/soa-versions/${v.id}/approve`)).json().status).toBe(
      'approved',
    );
    const xlsx = await org.owner.get(`${base}/soa/export?format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const pdf = await org.owner.get(`${base}/soa/export?format=pdf`);
    expect((await readPdf(pdf.rawPayload)).map((p) => p.text).join('\n')).toContain('A.6.2.2');
    const csv = (await org.owner.get(`${base}/soa/export?format=csv`)).body;
    expect(csv).toContain('A.6.2.2,');
    expect(csv).toContain('We develop no AI in-house.');
  });

  it('stores files by content, deduplicates, links them, serves bytes that match the hash, and keeps the custody chain', async () => {
    const data = Buffer.from('test report: accuracy 0.97\n'.repeat(1000));
    const sha = createHash('sha256').update(data).digest('hex');
    const mp = multipart(
      { title: 'Validation report', validUntil: '2099-01-01' },
      { name: 'report.txt', type: 'text/plain', data },
    );
    const up = await org.owner.request('POST', `${base}/evidence/files`, mp.body, {
      'content-type': mp.type,
    });
    expect(up.statusCode).toBe(201);
    expect(up.json()).toMatchObject({
      kind: 'file',
      sha256: sha,
      size: data.length,
      filename: 'report.txt',
      state: 'valid',
    });
    const again = await org.owner.request('POST', `${base}/evidence/files`, mp.body, {
      'content-type': mp.type,
    });
    expect(again.json().sha256).toBe(sha);
    const blobDir = `${t.database.dir}/blobs/sha256/${sha.slice(0, 2)}`;
    expect(fs.readdirSync(blobDir)).toEqual([sha]);
    const bad = multipart(
      { title: '', validFrom: '2026-05-01', validUntil: '2026-01-01' },
      { name: 'x.txt', type: 'text/plain', data: Buffer.from('orphan?') },
    );
    const rejected = await org.owner.request('POST', `${base}/evidence/files`, bad.body, {
      'content-type': bad.type,
    });
    expect(rejected.statusCode).toBe(400);
    const orphan = createHash('sha256').update('orphan?').digest('hex');
    expect(fs.existsSync(`${t.database.dir}/blobs/sha256/${orphan.slice(0, 2)}/${orphan}`)).toBe(
      false,
    );

    const id = up.json().id;
    const link = await org.owner.post(`${base}/evidence/${id}/links`, {
      targetType: 'control',
      targetId: 'A.7.4',
    });
    expect(link.json().links).toEqual([
      expect.objectContaining({ targetType: 'control', targetId: 'A.7.4' }),
    ]);
    expect(
      (
        await org.owner.post(`${base}/evidence/${id}/links`, {
          targetType: 'control',
          targetId: 'A.1.1',
        })
      ).statusCode,
    ).toBe(422);
    expect(
      (await org.owner.get(`${base}/soa?limit=200`))
        .json()
        .items.find((r: { controlId: string }) => r.controlId === 'A.7.4').evidence,
    ).toEqual({ valid: 1, expired: 0 });
    const auditor = await org.member('auditor');
    const down = await auditor.get(`${base}/evidence/${id}/download`);
    expect(down.statusCode).toBe(200);
    expect(createHash('sha256').update(down.rawPayload).digest('hex')).toBe(sha);
    expect(down.headers['x-content-sha256']).toBe(sha);
    expect(
      (
        await auditor.post(`${base}/evidence/${id}/links`, {
          targetType: 'control',
          targetId: 'A.2.2',
        })
      ).statusCode,
    ).toBe(403);
    const linkId = link.json().links[0].id;
    expect((await org.owner.delete(`${base}/evidence/${id}/links/${linkId}`)).statusCode).toBe(204);
    const custody = (await org.owner.get(`${base}/evidence/${id}/custody`))
      .json()
      .items.map((c: { event: string; actor: string }) => c.event);
    expect(custody).toEqual(['upload', 'link:control:A.7.4', 'download', 'unlink:control:A.7.4']);
    // Bytes changed on disk are never served.
    fs.writeFileSync(`${blobDir}/${sha}`, 'tampered');
    const corrupt = await auditor.get(`${base}/evidence/${id}/download`);
    expect(corrupt.statusCode).toBe(409);
    expect(corrupt.json().code).toBe('BLOB_CORRUPT');
    fs.writeFileSync(`${blobDir}/${sha}`, data);
    expect((await org.owner.get(`${base}/ledger/verification`)).json().ok).toBe(true);
  });

  it('keeps links and record references as evidence, with expiry', async () => {
    const l = await org.owner.post(`${base}/evidence`, {
      kind: 'link',
      title: 'Wiki model card',
      url: 'https://wiki.example.com/card',
      validUntil: '2020-01-01',
    });
    expect(l.json()).toMatchObject({ kind: 'link', state: 'expired' });
    const noUrl = await org.owner.post(`${base}/evidence`, { kind: 'link', title: 'x' });
    expect(noUrl.json().errors[0].pointer).toBe('/body/url');
    const rec = await org.owner.post(`${base}/evidence`, {
      kind: 'record',
      title: 'x',
      recordType: 'risks',
      recordId: '01a22650-179c-7000-8325-eb6965dff8c1',
    });
    expect(rec.statusCode).toBe(422);
    const expiring = (await org.owner.get(`${base}/evidence?expiringBefore=2021-01-01`))
      .json()
      .items.map((e: { id: string }) => e.id);
    expect(expiring).toEqual([l.json().id]);
  });
});

describe('a 200 MB evidence upload', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp('sqlite');
  });
  afterAll(() => t.close());

  it('streams to the blob store without holding the file in memory', async () => {
    const org = await createOrgFixture(t);
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as AddressInfo;
    const size = 200 * 1024 * 1024;
    const chunk = Buffer.alloc(1024 * 1024, 7);
    const hash = createHash('sha256');
    const boundary = '----aimsbig';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nBig dataset snapshot\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    let sent = 0;
    let peak = 0;
    const body = Readable.from(
      (function* () {
        yield head;
        while (sent < size) {
          sent += chunk.length;
          hash.update(chunk);
          peak = Math.max(peak, process.memoryUsage().rss);
          yield chunk;
        }
        yield tail;
      })(),
    );
    const before = process.memoryUsage().rss;
    const headers = org.owner.headers({
      'content-type': `multipart/form-data; boundary=${boundary}`,
    });
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: `/api/v1/orgs/${org.slug}/evidence/files`,
          headers,
        },
        (r) => {
          let b = '';
          r.on('data', (d) => (b += d));
          r.on('end', () => resolve({ status: r.statusCode!, body: b }));
        },
      );
      req.on('error', reject);
      body.pipe(req);
    });
    expect(res.status).toBe(201);
    const out = JSON.parse(res.body);
    expect(out.size).toBe(size);
    expect(out.sha256).toBe(hash.digest('hex'));
    // Client and server share this process: a buffered upload would add at least 200 MB.
    expect(peak - before).toBeLessThan(120 * 1024 * 1024);
  });
});
