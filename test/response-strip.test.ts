import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineRoute, registerRoute, type Services } from '../src/api/route.js';
import { stripper } from '../src/api/strip.js';

const item = z.object({
  id: z.string(),
  note: z.string().nullable(),
  tags: z.array(z.string()).optional(),
  names: z.record(z.string(), z.string()),
  owner: z.object({ id: z.string() }).nullable(),
});
type Node = { label: string; children: Node[] };
const node: z.ZodType<Node> = z.lazy(() =>
  z.object({ label: z.string(), children: z.array(node) }),
);
const shape = z.object({
  items: z.array(item),
  nextCursor: z.string().nullable(),
  kind: z.enum(['a', 'b']),
  level: z.union([z.literal(1), z.literal(2)]),
  target: z.discriminatedUnion('type', [
    z.object({ type: z.literal('risk'), riskId: z.string() }),
    z.object({ type: z.enum(['policy', 'document']), title: z.string() }),
  ]),
  either: z.union([z.object({ a: z.number() }), z.object({ b: z.number() })]),
  filled: z.number().default(7),
  upper: z.string().transform((s) => s.toUpperCase()),
  tree: node,
});

const body = () => ({
  items: [
    {
      id: '1',
      note: null,
      tags: ['x'],
      names: { a: 'A' },
      owner: { id: 'm', email: 'hidden@example.com' },
      secret: 's',
    },
    { id: '2', note: 'n', names: {}, owner: null, password_hash: 'h' },
  ],
  nextCursor: null,
  kind: 'a',
  level: 2,
  target: { type: 'document', title: 't', internal: true },
  either: { b: 1, extra: 2 },
  upper: 'abc',
  tree: { label: 'r', children: [{ label: 'c', children: [], hidden: 1 }], hidden: 2 },
  undeclared: { anything: 1 },
});

describe('the response strip pass', () => {
  it('gives what parse gives: undeclared fields dropped at every depth, defaults and transforms applied', () => {
    const stripped = stripper(shape)(body());
    expect(JSON.stringify(stripped)).toBe(JSON.stringify(shape.parse(body())));
    const text = JSON.stringify(stripped);
    for (const hidden of ['secret', 'password_hash', 'email', 'internal', 'extra', 'hidden'])
      expect(text).not.toContain(hidden);
    expect(stripped).toMatchObject({ filled: 7, upper: 'ABC', either: { b: 1 } });
  });

  it('never sends a field the response schema does not declare', async () => {
    const app = Fastify();
    const services = { now: () => new Date() } as unknown as Services;
    registerRoute(
      app,
      services,
      defineRoute({
        method: 'GET',
        url: '/thing',
        operationId: 'thing.get',
        summary: 'A thing',
        tag: 'test',
        auth: 'public',
        response: { status: 200, schema: shape, description: 'A thing.' },
        // A view that carries more than it declares (as a row with an extra column would).
        handler: async () => ({ body: body() }),
      }),
    );
    const res = await app.inject({ url: '/thing' });
    await app.close();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(JSON.parse(JSON.stringify(shape.parse(body()))));
    for (const hidden of ['secret', 'password_hash', 'hidden@example.com', 'undeclared'])
      expect(res.body).not.toContain(hidden);
  });

  it('under test, fails an answer that breaks its schema (the strip pass alone would send it)', async () => {
    expect(process.env.AIMS_CHECK_RESPONSES).toBe('1');
    const app = Fastify();
    const services = { now: () => new Date() } as unknown as Services;
    registerRoute(
      app,
      services,
      defineRoute({
        method: 'GET',
        url: '/broken',
        operationId: 'broken.get',
        summary: 'A broken thing',
        tag: 'test',
        auth: 'public',
        response: { status: 200, schema: shape, description: 'A thing.' },
        // A number where the schema says the cursor is a string or null.
        handler: async () => ({ body: { ...body(), nextCursor: 42 } }),
      }),
    );
    const res = await app.inject({ url: '/broken' });
    await app.close();
    expect(res.statusCode).toBe(500);
    expect(res.json().message).toMatch(/GET \/broken: the answer does not match its schema/);
  });
});
