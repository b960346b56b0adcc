import type { Kysely } from 'kysely';
import { CATALOG, CROSSWALKS, FRAMEWORKS, type Mapping } from '../../catalog/index.js';
import type { DB } from '../../db/schema.js';
import { decodeJson } from '../../db/json.js';
import { ASSESSABLE, evaluate } from '../readiness/index.js';
import { catalogUuid } from './oscal-catalog.js';
import {
  CATALOG_HREF,
  dateTime,
  metadata,
  prop,
  resource,
  str,
  token,
  type Json,
} from './oscal-common.js';
import * as Q from './queries.js';
import { stableUuid } from './uuid.js';

/**
 * Assessment results (the readiness evaluation and each internal audit), the plan of action and
 * milestones (open nonconformities and risk treatments) and the crosswalks as a mapping
 * collection.
 */
type Db = Kysely<DB>;
const today = (now: Date) => now.toISOString().slice(0, 10);
const ALL_CONTROLS = { 'control-selections': [{ 'include-all': {} }] };

export async function assessmentResults(db: Db, orgId: string, now: Date) {
  const org = await Q.orgRow(db, orgId);
  const readiness = await evaluate(db, orgId, ASSESSABLE, today(now), now.toISOString());
  const audits = await Q.auditsWithFindings(db, orgId);
  const planRef = stableUuid(orgId, 'assessment-plan', 'resource');
  const readinessResult = {
    uuid: stableUuid(orgId, orgId, 'readiness-result'),
    title: 'Readiness evaluation',
    description:
      'The readiness of each ISO/IEC 42001 requirement as aims evaluates it from the records: met, partial, missing or not applicable, with the reasons.',
    start: now.toISOString(),
    'reviewed-controls': ALL_CONTROLS,
    findings: readiness.map((r) => ({
      uuid: stableUuid(orgId, r.id, 'readiness-finding'),
      title: `${r.id} ${r.title}`,
      description: str(
        r.reasons.map((x) => `${x.status}: ${x.detail}`).join('\n'),
        `Readiness: ${r.status}.`,
      ),
      props: prop('readiness', r.status),
      target: {
        type: 'objective-id',
        'target-id': token(r.id),
        status: {
          state:
            r.status === 'met' || r.status === 'not_applicable' ? 'satisfied' : 'not-satisfied',
        },
      },
    })),
  };
  const auditResults = audits.map(({ audit: a, findings }) => ({
    uuid: stableUuid(orgId, a.id, 'audit-result'),
    title: `Internal audit ${a.number}: ${a.title}`,
    description: str(a.criteria, a.title),
    start: dateTime(a.started_on ?? a.planned_start),
    ...(a.reported_at ? { end: dateTime(a.reported_at) } : {}),
    props: [...prop('audit-status', a.status), ...prop('aims-id', a.id)],
    'reviewed-controls': {
      'control-selections': [
        decodeJson(a.scope).length
          ? { 'include-controls': decodeJson(a.scope).map((id) => ({ 'control-id': token(id) })) }
          : { 'include-all': {} },
      ],
    },
    ...(findings.length
      ? {
          findings: findings.map((f) => ({
            uuid: stableUuid(orgId, f.id, 'audit-finding'),
            title: `Finding ${f.number}: ${f.title}`,
            description: str(f.description, f.title),
            props: prop('grade', f.grade),
            target: {
              type: 'objective-id',
              'target-id': token(f.requirement_id),
              status: {
                state: f.grade === 'major' || f.grade === 'minor' ? 'not-satisfied' : 'satisfied',
              },
            },
          })),
        }
      : {}),
    ...(a.conclusion?.trim() ? { remarks: a.conclusion.trim() } : {}),
  }));
  return {
    'assessment-results': {
      uuid: stableUuid(orgId, orgId, 'assessment-results'),
      metadata: metadata(`${org.name}: readiness and internal audits`, today(now), now),
      'import-ap': { href: `#${planRef}` },
      results: [readinessResult, ...auditResults],
      'back-matter': {
        resources: [
          resource(
            planRef,
            'Internal audit programme and readiness rules (aims)',
            `/api/v1/orgs/${org.slug}/audit-programmes`,
          ),
        ],
      },
    },
  };
}

export async function planOfActionAndMilestones(db: Db, orgId: string, now: Date) {
  const org = await Q.orgRow(db, orgId);
  const ncs = await Q.openNonconformities(db, orgId);
  const actions = await Q.openActions(db, orgId);
  const treatments = await Q.openTreatments(db, orgId);
  const items: Json[] = [
    ...ncs.map((n) => ({
      uuid: stableUuid(orgId, n.id, 'poam-item'),
      title: `Nonconformity ${n.number}: ${n.title}`,
      description: str(n.description, n.title),
      props: [
        ...prop('kind', 'nonconformity'),
        ...prop('requirement', n.requirement_id),
        ...prop('severity', n.severity),
        ...prop('status', n.status),
        ...prop('detected-on', n.detected_on),
      ],
      ...milestones(actions.filter((a) => a.nonconformity_id === n.id)),
    })),
    ...treatments.map((t) => ({
      uuid: stableUuid(orgId, t.id, 'poam-item'),
      title: `Risk treatment: ${t.title}`,
      description: `Treats the risk "${t.risk_title}"${t.risk_description ? `: ${t.risk_description}` : '.'}`,
      props: [
        ...prop('kind', 'risk-treatment'),
        ...prop('status', t.status),
        ...prop('due-date', t.due_date),
        ...prop('residual-level', t.residual_level),
        ...prop('controls', decodeJson(t.control_ids).join(' ')),
      ],
    })),
  ];
  return {
    'plan-of-action-and-milestones': {
      uuid: stableUuid(orgId, orgId, 'poam'),
      metadata: metadata(`${org.name}: open nonconformities and risk treatments`, today(now), now),
      'system-id': { 'identifier-type': 'https://ietf.org/rfc/rfc4122', id: org.id },
      // OSCAL requires at least one item: an empty plan says so in one item of its own.
      'poam-items': items.length
        ? items
        : [
            {
              uuid: stableUuid(orgId, orgId, 'poam-empty'),
              title: 'Nothing open',
              description: 'No open nonconformity or risk treatment is recorded.',
              props: prop('kind', 'none'),
            },
          ],
    },
  };
}

function milestones(actions: { title: string; due_date: string; status: string }[]) {
  const open = actions.filter((a) => a.status !== 'done' && a.status !== 'cancelled');
  if (!open.length) return {};
  return {
    remarks: open
      .map((a) => `Corrective action "${a.title}" due ${a.due_date} (${a.status}).`)
      .join('\n'),
  };
}

const RELATIONSHIP: Record<NonNullable<Mapping['relationship']>, string> = {
  equivalent: 'equivalent-to',
  subset: 'subset-of',
  superset: 'superset-of',
  intersects: 'intersects-with',
  related: 'intersects-with',
};

/** The crosswalks of the catalog: one mapping per framework, ISO/IEC 42001 as the source. */
export function mappingCollection(now: Date): Json {
  const org = 'aims';
  const isoRef = stableUuid(org, 'iso42001', 'resource');
  const mappings = FRAMEWORKS.flatMap((fw) => {
    const maps = CROSSWALKS.filter((m) => m.framework === fw.id);
    if (!maps.length) return [];
    const fwRef = stableUuid(org, fw.id, 'resource');
    return [
      {
        uuid: stableUuid(org, fw.id, 'mapping'),
        'source-resource': { type: 'catalog', href: `#${isoRef}` },
        'target-resource': { type: 'catalog', href: `#${fwRef}` },
        maps: maps.map((m) => ({
          uuid: stableUuid(org, `${m.from}/${m.framework}/${m.ref}`, 'map'),
          // OSCAL needs a relationship on every map. A pair whose source states none (NIST's
          // crosswalk) goes out as the weakest one, intersects-with, marked unstated, and with
          // no confidence: nothing is claimed that the source does not say.
          relationship: m.relationship ? RELATIONSHIP[m.relationship] : 'intersects-with',
          sources: [{ type: 'control', 'id-ref': token(m.from) }],
          targets: [{ type: 'control', 'id-ref': token(m.ref) }],
          ...(m.confidence ? { 'confidence-score': { category: m.confidence } } : {}),
          props: [
            ...prop('aims-relationship', m.relationship ?? 'unstated'),
            ...prop('target-ref', m.ref),
          ],
          remarks: `Provenance: ${m.provenance.join(', ')}.`,
        })),
      },
    ];
  });
  return {
    'mapping-collection': {
      uuid: stableUuid(org, CATALOG.id, 'mapping-collection'),
      metadata: metadata(`Crosswalks from ${CATALOG.standard}`, CATALOG.version, now),
      provenance: {
        method: 'human',
        'matching-rationale': 'semantic',
        status: 'draft',
        'mapping-description':
          'The crosswalks of aims from ISO/IEC 42001 requirements to other frameworks, with the relationship and confidence their sources state (a pair whose source states none is marked unstated).',
      },
      mappings,
      'back-matter': {
        resources: [
          resource(
            isoRef,
            `${CATALOG.standard} (aims catalog, UUID ${catalogUuid()})`,
            CATALOG_HREF,
          ),
          ...FRAMEWORKS.map((fw) => ({
            uuid: stableUuid(org, fw.id, 'resource'),
            title: fw.title,
            citation: { text: fw.instrument },
          })),
        ],
      },
    },
  };
}
