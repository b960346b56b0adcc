import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { lazyRoute, once, type RouteHead } from './lazy-route.js';
import { defineRoute } from './route.js';

const head: RouteHead = {
  method: 'GET',
  url: '/api/v1/orgs/:org/things',
  operationId: 'things.list',
  auth: 'org',
  action: 'things.read',
};
const route = () =>
  defineRoute({
    ...head,
    summary: 'List things',
    tag: 'things',
    query: z.object({ q: z.string().optional() }),
    response: { status: 200, schema: z.object({ items: z.array(z.string()) }), description: 'Ok.' },
    handler: () => Promise.resolve({ body: { items: [] } }),
  });

describe('a lazy route', () => {
  it('gives its head without building, and builds once at the first other field', () => {
    let builds = 0;
    const spec = lazyRoute(head, () => (builds++, route()));
    expect([spec.method, spec.url, spec.operationId, spec.auth, spec.action]).toEqual([
      'GET',
      '/api/v1/orgs/:org/things',
      'things.list',
      'org',
      'things.read',
    ]);
    expect(builds).toBe(0);
    expect(spec.summary).toBe('List things');
    expect(spec.query?.parse({ q: 'x' })).toEqual({ q: 'x' });
    expect(spec.response.status).toBe(200);
    expect(spec.body).toBeUndefined();
    expect(builds).toBe(1);
  });

  it('refuses a build that does not match the head the route was registered under', () => {
    const spec = lazyRoute({ ...head, action: 'things.update' }, route);
    expect(() => spec.handler).toThrow(/GET \/api\/v1\/orgs\/:org\/things: action is things.read/);
  });

  it('shares one build between the routes made together', () => {
    let builds = 0;
    const both = once(() => (builds++, [route(), route()]));
    const a = lazyRoute(head, () => both()[0]!);
    const b = lazyRoute(head, () => both()[1]!);
    expect([a.tag, b.tag]).toEqual(['things', 'things']);
    expect(builds).toBe(1);
  });
});
