import { z } from 'zod';
import {
  decodeCursor,
  defineRoute,
  orgParam,
  page,
  pageQuery,
  toPage,
  type RouteSpec,
} from '../../api/route.js';
import { REGISTERS } from './definitions.js';

const person = z.object({
  memberId: z.string(),
  email: z.string(),
  name: z.string(),
  note: z.string().nullable(),
});

/** The register catalogue as data, so the web app renders every register from one description. */
const fieldMeta = z.object({
  name: z.string(),
  kind: z.string(),
  label: z.string(),
  help: z.string().nullable(),
  required: z.boolean(),
  readOnly: z.boolean(),
  options: z.array(z.string()).nullable(),
  ref: z.string().nullable(),
  filter: z.boolean(),
  search: z.boolean(),
  list: z.boolean(),
});
const registerMeta = z.object({
  key: z.string(),
  path: z.string(),
  title: z.string(),
  singular: z.string(),
  clauses: z.string(),
  titleField: z.string(),
  fields: z.array(fieldMeta),
});

export const registerViewRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/registers',
    operationId: 'registers.catalog',
    summary: 'The registers and their fields (what the web app renders)',
    tag: 'registers',
    auth: 'user',
    response: {
      status: 200,
      schema: z.object({ items: z.array(registerMeta) }),
      description: 'Every register.',
    },
    async handler() {
      return {
        body: {
          items: REGISTERS.map((r) => ({
            key: r.key,
            path: r.path,
            title: r.title,
            singular: r.singular,
            clauses: r.clauses,
            titleField: r.titleField,
            fields: Object.entries(r.fields).map(([name, f]) => ({
              name,
              kind: f.kind,
              label: f.label,
              help: f.help ?? null,
              required: !!f.required,
              readOnly: !!f.readOnly,
              options: f.options ? [...f.options] : null,
              ref: f.ref ?? null,
              filter: !!f.filter,
              search: !!f.search,
              list: !!f.list,
            })),
          })),
        },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/accountability',
    operationId: 'responsibilities.who',
    summary: 'Who is responsible, accountable, consulted and informed for one subject',
    tag: 'responsibilities',
    auth: 'org',
    action: 'responsibilities.read',
    params: orgParam,
    query: z.object({
      subjectType: z.enum(['ai_system', 'process', 'control']).describe('What kind of subject.'),
      subjectId: z
        .string()
        .min(1)
        .max(500)
        .describe('The AI system id, process name or control id.'),
    }),
    response: {
      status: 200,
      schema: z.object({
        accountable: z.array(person),
        responsible: z.array(person),
        consulted: z.array(person),
        informed: z.array(person),
      }),
      description: 'The assignments, by kind.',
    },
    async handler({ services, access, query }) {
      const rows = await (services.database.db as any)
        .selectFrom('responsibilities')
        .innerJoin('memberships', 'memberships.id', 'responsibilities.member_id')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select([
          'responsibilities.raci',
          'responsibilities.note',
          'memberships.id as memberId',
          'memberships.email',
          'users.name',
        ])
        .where('responsibilities.org_id', '=', access.orgId)
        .where('responsibilities.subject_type', '=', query.subjectType)
        .where('responsibilities.subject_id', '=', query.subjectId)
        .orderBy('memberships.email')
        .execute();
      const by = (k: string) =>
        rows
          .filter((r: { raci: string }) => r.raci === k)
          .map((r: any) => ({ memberId: r.memberId, email: r.email, name: r.name, note: r.note }));
      return {
        body: {
          accountable: by('accountable'),
          responsible: by('responsible'),
          consulted: by('consulted'),
          informed: by('informed'),
        },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/competence-gaps',
    operationId: 'competences.gaps',
    summary: 'Members missing a competence their role requires (no valid training record)',
    tag: 'competences',
    auth: 'org',
    action: 'competences.read',
    params: orgParam,
    query: pageQuery,
    response: {
      status: 200,
      schema: page(
        z.object({
          memberId: z.string(),
          email: z.string(),
          role: z.string(),
          missing: z.array(z.object({ competenceId: z.string(), name: z.string() })),
        }),
      ),
      description: 'A page of members with gaps.',
    },
    async handler({ services, access, query }) {
      const db = services.database.db as any;
      const today = services.now().toISOString().slice(0, 10);
      const after = decodeCursor(query.cursor);
      // Members are paged; the competences and valid records of the page are read in two queries.
      const gaps: {
        memberId: string;
        email: string;
        role: string;
        missing: { competenceId: string; name: string }[];
      }[] = [];
      let cursor = after;
      const comps: { id: string; name: string; aims_role: string }[] = await db
        .selectFrom('competences')
        .select(['id', 'name', 'aims_role'])
        .where('org_id', '=', access.orgId)
        .orderBy('name')
        .execute();
      while (gaps.length <= query.limit) {
        let q = db
          .selectFrom('memberships')
          .select(['id', 'email', 'role'])
          .where('org_id', '=', access.orgId)
          .orderBy('id')
          .limit(200);
        if (cursor) q = q.where('id', '>', cursor);
        const members: { id: string; email: string; role: string }[] = await q.execute();
        if (members.length === 0) break;
        const valid: { member_id: string; competence_id: string }[] = await db
          .selectFrom('training_records')
          .select(['member_id', 'competence_id'])
          .where('org_id', '=', access.orgId)
          .where(
            'member_id',
            'in',
            members.map((m) => m.id),
          )
          .where('completed_on', '<=', today)
          .where((eb: any) => eb.or([eb('expires_on', 'is', null), eb('expires_on', '>=', today)]))
          .execute();
        const have = new Set(valid.map((v) => `${v.member_id}|${v.competence_id}`));
        for (const m of members) {
          const missing = comps
            .filter((c) => c.aims_role === m.role && !have.has(`${m.id}|${c.id}`))
            .map((c) => ({ competenceId: c.id, name: c.name }));
          if (missing.length) gaps.push({ memberId: m.id, email: m.email, role: m.role, missing });
        }
        cursor = members[members.length - 1]!.id;
        if (members.length < 200) break;
      }
      return { body: toPage(gaps, query.limit, (g) => g.memberId) };
    },
  }),
];
