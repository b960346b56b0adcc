import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, jsonShapeProblem } from '../src/api/json-limits.js';
import { openTestApp, type TestApp } from './harness.js';

/** Sends raw bytes to the listening server and returns the raw answer. */
function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    let out = '';
    socket.on('data', (d) => (out += d.toString()));
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
    socket.setTimeout(10_000, () => socket.destroy(new Error('timeout')));
  });
}

const bodyOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));

describe('the JSON shape check', () => {
  it('counts nesting outside strings only, and refuses one level too deep', () => {
    const nested = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    expect(jsonShapeProblem(nested(MAX_JSON_DEPTH))).toBeNull();
    expect(jsonShapeProblem(nested(MAX_JSON_DEPTH + 1))).toContain('nested deeper');
    expect(jsonShapeProblem(JSON.stringify({ a: '[[[[['.repeat(100), b: '\\"[[[' }))).toBeNull();
  });
});

describe('requests the server refuses before any route', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await openTestApp('sqlite');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as net.AddressInfo).port;
  });
  afterAll(() => t?.close());

  it('answers JSON nested 100,000 deep with a 400 problem, also where no one is signed in', async () => {
    for (const url of ['/api/v1/setup', '/api/v1/auth/login', '/api/v1/orgs/x/risks']) {
      const res = await t.app.inject({
        method: 'POST',
        url,
        payload: `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'MALFORMED_JSON' });
    }
  });

  it('answers a lone surrogate in a text with a 400 and a pointer to it', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: '{"email":"a\\ud800@example.org","password":"x"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { pointer: '/body/email', message: expect.stringContaining('lone UTF-16 surrogate') },
    ]);
  });

  it('answers over-long request headers with a 431 problem+json', async () => {
    const answer = await raw(
      port,
      `GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Long: ${'a'.repeat(70_000)}\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(answer).toContain('Content-Type: application/problem+json');
    expect(bodyOf(answer)).toMatchObject({ status: 431, code: 'HEADERS_TOO_LARGE' });
  });

  it('answers an over-long request line with a 431 problem+json', async () => {
    const answer = await raw(port, `GET /${'a'.repeat(70_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(bodyOf(answer)).toMatchObject({ code: 'HEADERS_TOO_LARGE' });
  });

  it('answers a request Node cannot parse with a 400 problem+json', async () => {
    const answer = await raw(port, 'NOT A REQUEST\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(bodyOf(answer)).toMatchObject({ code: 'MALFORMED_REQUEST' });
  });
});
