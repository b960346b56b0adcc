import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Services } from '../src/api/route.js';
import { runInstance } from '../src/kernel/commands.js';
import type { Context } from '../src/kernel/context.js';
import type { Role } from '../src/kernel/permissions.js';
import { createOrg } from '../src/modules/orgs/index.js';

export const PASSWORD = 'correct horse battery staple';

/** A caller of the API through app.inject(): a cookie session (with CSRF) or a bearer token. */
export class ApiClient {
  constructor(
    readonly app: FastifyInstance,
    readonly auth: { cookie: string; csrf: string } | { token: string } | null,
    readonly email = '',
  ) {}

  headers(extra: Record<string, string> = {}): Record<string, string> {
    const h: Record<string, string> = { ...extra };
    if (this.auth && 'cookie' in this.auth) {
      h.cookie = `aims_session=${this.auth.cookie}`;
      h['x-csrf-token'] = this.auth.csrf;
    } else if (this.auth && 'token' in this.auth) {
      h.authorization = `Bearer ${this.auth.token}`;
    }
    return h;
  }

  request(
    method: InjectOptions['method'],
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method,
      url,
      headers: this.headers(headers),
      ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }),
    });
  }
  get = (url: string, headers?: Record<string, string>) =>
    this.request('GET', url, undefined, headers);
  post = (url: string, body?: unknown, headers?: Record<string, string>) =>
    this.request('POST', url, body ?? {}, headers);
  patch = (url: string, body?: unknown, headers?: Record<string, string>) =>
    this.request('PATCH', url, body ?? {}, headers);
  delete = (url: string, headers?: Record<string, string>) =>
    this.request('DELETE', url, undefined, headers);
}

export async function signIn(
  app: FastifyInstance,
  email: string,
  password = PASSWORD,
): Promise<ApiClient> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
  });
  if (res.statusCode !== 200)
    throw new Error(`sign-in of ${email} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'aims_session')!.value;
  return new ApiClient(app, { cookie, csrf: res.json().csrfToken }, email);
}

let seq = 0;
const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

export interface OrgFixture {
  slug: string;
  id: string;
  owner: ApiClient;
  /** Adds a member with the role and signs them in. */
  member(role: Role): Promise<ApiClient & { memberId: string }>;
}

/** An organization with a signed-in owner, made by the host (as `aims org create` does). */
export async function createOrgFixture(
  t: { app: FastifyInstance; services: Services },
  name = 'Test Org',
): Promise<OrgFixture> {
  const { app, services } = t;
  const u = unique();
  const email = `owner-${u}@example.com`;
  const slug = `org-${u}`;
  const ctx: Context = {
    database: services.database,
    keys: services.keys,
    actor: { kind: 'host', name: 'test' },
    requestId: `test-${u}`,
    now: services.now,
  };
  const { org } = await runInstance(ctx, createOrg, {
    name,
    slug,
    owner: { email, password: PASSWORD },
  });
  const owner = await signIn(app, email);
  return {
    slug,
    id: org.id,
    owner,
    async member(role) {
      const e = `${role}-${unique()}@example.com`;
      const r = await owner.post(`/api/v1/orgs/${slug}/members`, {
        email: e,
        role,
        password: PASSWORD,
      });
      if (r.statusCode !== 201) throw new Error(`adding ${role} failed: ${r.body}`);
      const c = await signIn(app, e);
      return Object.assign(c, { memberId: r.json().id as string });
    },
  };
}
