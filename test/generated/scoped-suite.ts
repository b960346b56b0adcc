/**
 * The roles suite for access matched to responsibilities: with the setting on in organization A,
 * every write operation whose action the matrix scopes to AI systems (src/kernel/permissions.ts,
 * `scoped`) that a contributor's role allows is called with its example (every record of the
 * fixture hangs off A's one AI system):
 *
 * - by a contributor assigned to no system (cookie session and write-scoped token): 403
 *   problem+json saying the member is not assigned to the AI system, and nothing of A changes;
 * - then by the fixture's contributor, assigned to the system: anything but 403 (removals last,
 *   so every other call still finds its record).
 *
 * An operation whose example creates a record of no AI system (evidence before it is linked) is
 * not refused by design: it is listed in NOT_TIED with the reason, and not called by the
 * unassigned contributor. An operation that even an assigned contributor may not perform while
 * scoping is on is listed in MANAGERS_ONLY.
 */
import type { Services } from '../../src/api/route.js';
import { PERMISSIONS, roleAllows } from '../../src/kernel/permissions.js';
import { ApiClient, PASSWORD, signIn } from '../client.js';
import { hostToken, type Caller, type SuiteFixture } from './fixture.js';
import { describeOp, isOrgOperation, isWrite, operations, type Json } from './openapi-doc.js';
import {
  brief,
  call,
  describeChange,
  isProblem,
  snapshotOrg,
  urlFor,
  validBody,
} from './suites.js';

/** Scoped operations whose example belongs to no AI system, so the scope leaves them open. */
export const NOT_TIED: Record<string, string> = {
  'evidence.create': 'new evidence is linked to nothing yet',
  'responsibilities.create': 'the example names a process, not an AI system',
  'responsibilities.update': 'the fixture line names a process, not an AI system',
};

/** Scoped operations refused to every contributor while scoping is on, with why. */
export const MANAGERS_ONLY: Record<string, string> = {
  'ai_systems.create': 'a new AI system is assigned to nobody yet: managers register systems',
  'ai_systems.import': 'an import creates AI systems assigned to nobody yet',
};

/**
 * Operations whose body is a file (imports, uploads): the suite sends JSON bodies only. Their
 * writes go through the same kernel check (an import's steps and an upload's records).
 */
const isJsonBody = (o: { op: Json }) =>
  !o.op.requestBody || o.op.requestBody.content?.['application/json'] !== undefined;

const OUT_OF_SCOPE = /not assigned to|only managers and owners/;

export async function scopedContributorSuite(
  fx: SuiteFixture,
  doc: Json,
  services: Services,
): Promise<string[]> {
  const S = 'scoped';
  const failures: string[] = fx.problems.map((p) => `[${S}] ${p}`);
  const base = `/api/v1/orgs/${fx.a.slug}`;
  const on = await fx.a.owner.request('PUT', `${base}/access-settings`, { scopedAccess: true });
  if (on.statusCode !== 200) return [`[${S}] turning scoping on: ${brief(on)}`];

  // The fixture's contributor, assigned to the fixture's AI system (already, or now).
  const assigned = fx.a.members.contributor;
  const a = await fx.a.owner.post(`${base}/ai-system-assignments`, {
    memberId: assigned.memberId,
    aiSystemId: fx.a.params.aiSystemId,
  });
  if (a.statusCode !== 201 && a.statusCode !== 409)
    return [`[${S}] assigning the contributor: ${brief(a)}`];

  // The fixture's evidence supports the AI system too ("evidence linked to it").
  const link = await fx.a.owner.post(`${base}/evidence/${fx.a.params.evidenceId}/links`, {
    targetType: 'ai_system',
    targetId: fx.a.params.aiSystemId,
  });
  if (link.statusCode !== 201 && link.statusCode !== 409)
    return [`[${S}] linking the evidence to the system: ${brief(link)}`];

  // A contributor assigned to nothing, with a cookie session and with a write-scoped token.
  const email = `unassigned-${Date.now().toString(36)}@example.com`;
  const added = await fx.a.owner.post(`${base}/members`, {
    email,
    role: 'contributor',
    password: PASSWORD,
  });
  if (added.statusCode !== 201) return [`[${S}] adding a contributor: ${brief(added)}`];
  const session = await signIn(fx.app, email);
  const tok = await hostToken(services, fx.a.slug, added.json().userId as string, ['write']);
  const outsiders: Caller[] = [
    { label: 'unassigned contributor (session)', client: session },
    {
      label: 'unassigned contributor (write-scoped token)',
      client: new ApiClient(fx.app, { token: tok.token }, email),
    },
  ];

  const scoped = operations(doc).filter((o) => {
    const action = String(o.op['x-aims-action']);
    return (
      isOrgOperation(o) &&
      isWrite(o) &&
      isJsonBody(o) &&
      PERMISSIONS[action]?.scoped === true &&
      roleAllows('contributor', action)
    );
  });
  if (scoped.length < 10) failures.push(`[${S}] only ${scoped.length} scoped operations found`);

  const prepared = scoped.flatMap((o) => {
    const body = validBody(o, fx.a.params, failures, S);
    const url = urlFor(o, fx.a.params, failures, S);
    return body.ok && url !== null ? [{ o, body: body.body, url }] : [];
  });

  // The unassigned contributor: refused, nothing changed.
  for (const { o, body, url } of prepared) {
    const id = String(o.op.operationId);
    if (NOT_TIED[id]) continue;
    const before = await snapshotOrg(fx.db, fx.a.id);
    for (const caller of outsiders) {
      const res = await call(caller.client, o, url, body);
      const detail = String((res.json() as Json | null)?.detail ?? '');
      if (res.statusCode !== 403 || !isProblem(res) || !OUT_OF_SCOPE.test(detail))
        failures.push(
          `[${S}] ${describeOp(o)} as ${caller.label}: expected 403 (not assigned to the AI system), got ${brief(res)}`,
        );
    }
    const change = describeChange(before, await snapshotOrg(fx.db, fx.a.id));
    if (change) failures.push(`[${S}] ${describeOp(o)} by the unassigned contributor: ${change}`);
  }

  // The assigned contributor: allowed (removals last).
  const ordered = [
    ...prepared.filter((p) => p.o.method !== 'DELETE'),
    ...prepared.filter((p) => p.o.method === 'DELETE'),
  ];
  for (const { o, body, url } of ordered) {
    const id = String(o.op.operationId);
    const res = await call(assigned.client, o, url, body);
    const refusedByScope = res.statusCode === 403;
    if (MANAGERS_ONLY[id] ? !refusedByScope : refusedByScope)
      failures.push(
        `[${S}] ${describeOp(o)} as the assigned contributor: expected ${MANAGERS_ONLY[id] ? `403 (${MANAGERS_ONLY[id]})` : 'no 403'}, got ${brief(res)}`,
      );
  }
  return failures;
}
