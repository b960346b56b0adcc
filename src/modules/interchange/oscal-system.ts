import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { CONTROLS } from '../../catalog/index.js';
import { notFound } from '../../kernel/errors.js';
import { catalogUuid } from './oscal-catalog.js';
import { CATALOG_HREF, metadata, prop, resource, str, token, type Json } from './oscal-common.js';
import * as Q from './queries.js';
import { stableUuid } from './uuid.js';

/**
 * The component definition of one AI system and the organization's system security plan: the
 * Statement of Applicability (decisions, justifications, implementation status) as implemented
 * requirements of the ISO/IEC 42001 catalog.
 */
type Db = Kysely<DB>;
type System = Awaited<ReturnType<typeof Q.aiSystems>>[number];
type Entry = Awaited<ReturnType<typeof Q.soaEntries>>[number];

const today = (now: Date) => now.toISOString().slice(0, 10);
/** The catalog's own controls (an organization's custom controls are not in the catalog). */
const catalogEntries = (entries: Entry[]) => entries.filter((e) => !e.custom);

const implementation = (e: Entry) => [
  ...prop('applicable', e.applicable ? 'yes' : 'no'),
  ...prop('implementation-status', e.implementation_status),
];

/** The AI system as an OSCAL component (its purpose, stage and tier as properties). */
function systemComponent(orgId: string, s: System): Json {
  return {
    uuid: stableUuid(orgId, s.id, 'component'),
    type: 'software',
    title: s.name,
    description: str(s.purpose, s.name),
    props: [
      ...prop('aims-id', s.id),
      ...prop('lifecycle-stage', s.lifecycle_stage),
      ...prop('eu-ai-act-tier', s.eu_ai_act_tier),
      ...prop('sector', s.sector),
    ],
  };
}

export async function componentDefinition(db: Db, orgId: string, systemId: string, now: Date) {
  const system = await Q.aiSystem(db, orgId, systemId);
  if (!system) throw notFound('AI system');
  const entries = catalogEntries(await Q.soaEntries(db, orgId)).filter((e) => e.applicable);
  const riskControls = await Q.systemRiskControls(db, orgId, systemId);
  const requirements = entries.map((e) => ({
    uuid: stableUuid(orgId, `${systemId}/${e.control_id}`, 'implemented-requirement'),
    'control-id': token(e.control_id),
    description: str(e.justification, `${e.control_id} applies to ${system.name}.`),
    props: [...implementation(e), ...prop('risks', riskControls.get(e.control_id)?.length ?? 0)],
    ...(e.notes?.trim() ? { remarks: e.notes.trim() } : {}),
  }));
  const catalogRef = stableUuid(orgId, 'catalog', 'resource');
  return {
    'component-definition': {
      uuid: stableUuid(orgId, systemId, 'component-definition'),
      metadata: metadata(`${system.name}: ISO/IEC 42001 controls`, today(now), now),
      components: [
        {
          ...systemComponent(orgId, system),
          ...(requirements.length
            ? {
                'control-implementations': [
                  {
                    uuid: stableUuid(orgId, systemId, 'control-implementation'),
                    source: `#${catalogRef}`,
                    description: `The controls of the organization's Statement of Applicability that apply, as they stand for ${system.name}.`,
                    'implemented-requirements': requirements,
                  },
                ],
              }
            : {}),
        },
      ],
      'back-matter': {
        resources: [resource(catalogRef, 'ISO/IEC 42001 (aims catalog)', CATALOG_HREF)],
      },
    },
  };
}

const STATE: Record<string, string> = {
  inception: 'under-development',
  design_and_development: 'under-development',
  verification_and_validation: 'under-development',
  retirement: 'disposition',
};

export async function systemSecurityPlan(db: Db, orgId: string, now: Date) {
  const org = await Q.orgRow(db, orgId);
  const scope = await Q.approvedScope(db, orgId);
  const systems = await Q.aiSystems(db, orgId);
  const decided = new Map((await Q.soaEntries(db, orgId)).map((e) => [e.control_id, e]));
  const thisSystem = stableUuid(orgId, orgId, 'this-system');
  const catalogRef = stableUuid(orgId, 'catalog', 'resource');
  return {
    'system-security-plan': {
      uuid: stableUuid(orgId, orgId, 'ssp'),
      metadata: metadata(`${org.name}: AI management system (ISO/IEC 42001)`, today(now), now, {
        remarks: `The Statement of Applicability and its implementation as recorded in aims; the catalog is ${CATALOG_HREF} (catalog UUID ${catalogUuid()}).`,
      }),
      'import-profile': { href: `#${catalogRef}` },
      'system-characteristics': {
        'system-ids': [{ 'identifier-type': 'https://ietf.org/rfc/rfc4122', id: org.id }],
        'system-name': `${org.name} AI management system`,
        'system-name-short': org.slug,
        description: str(scope?.statement, `The AI management system of ${org.name}.`),
        'system-information': {
          'information-types': [
            {
              title: 'AI systems, their models and data',
              description:
                'The AI systems in scope, the models and datasets they use, and the records of the management system about them.',
            },
          ],
        },
        status: { state: 'operational' },
        'authorization-boundary': {
          description: str(
            scope?.boundaries ?? scope?.statement,
            'No approved scope statement is recorded yet.',
          ),
        },
      },
      'system-implementation': {
        components: [
          {
            uuid: thisSystem,
            type: 'this-system',
            title: `${org.name} AI management system`,
            description: 'The management system as a whole: policies, processes and records.',
            status: { state: 'operational' },
          },
          ...systems.map((s) => ({
            ...systemComponent(orgId, s),
            status: { state: STATE[s.lifecycle_stage] ?? 'operational' },
          })),
        ],
      },
      'control-implementation': {
        description:
          'Each ISO/IEC 42001 Annex A control with the decision of the Statement of Applicability (applicable or not, with its justification) and its implementation status.',
        // Every control of the catalog, decided or not yet (an undecided one says so).
        'implemented-requirements': CONTROLS.map(({ id }) => {
          const e = decided.get(id);
          return {
            uuid: stableUuid(orgId, id, 'ssp-requirement'),
            'control-id': token(id),
            props: e ? implementation(e) : prop('applicable', 'undecided'),
            'by-components': [
              {
                'component-uuid': thisSystem,
                uuid: stableUuid(orgId, id, 'ssp-by-component'),
                description: str(
                  e?.justification,
                  'Not decided yet in the Statement of Applicability.',
                ),
                ...(e?.notes?.trim() ? { remarks: e.notes.trim() } : {}),
              },
            ],
          };
        }),
      },
      'back-matter': {
        resources: [resource(catalogRef, 'ISO/IEC 42001 (aims catalog)', CATALOG_HREF)],
      },
    },
  };
}
