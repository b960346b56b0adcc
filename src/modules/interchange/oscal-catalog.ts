import { CATALOG, CONTROLS, type ClauseNode } from '../../catalog/index.js';
import { AIMS_NS, metadata, prop, str, token, type Json } from './oscal-common.js';
import { stableUuid } from './uuid.js';

/**
 * The ISO/IEC 42001 catalog of aims as an OSCAL catalog: clauses 4–10 as one group (a group per
 * clause, its sub-clauses as controls nested as the clauses are), then Annex A (one group per
 * domain, a nested group per subgroup, one control per control). Identifiers and titles are the standard's; every prose
 * part is aims' own words (the standard's text is copyrighted and is not reproduced).
 */
const CATALOG_ORG = 'aims';
export const catalogUuid = () => stableUuid(CATALOG_ORG, CATALOG.id, 'catalog');

const label = (id: string) => [{ name: 'label', value: id }];

/** A clause below the top level as a control, its sub-clauses as child controls. */
function clauseControl(node: ClauseNode): Json {
  const id = token(node.id);
  return {
    id,
    title: node.title,
    props: [...label(node.id), ...prop('assessable', node.assessable ? 'yes' : 'no')],
    parts: [{ id: `${id}_smt`, name: 'statement', prose: str(node.summary, node.title) }],
    ...(node.children?.length ? { controls: node.children.map(clauseControl) } : {}),
  };
}

/** A top-level clause (4 to 10) as a group (OSCAL groups hold groups or controls, not both). */
function clauseGroup(node: ClauseNode): Json {
  const id = token(node.id);
  return {
    id,
    title: node.title,
    props: label(node.id),
    parts: [{ id: `${id}_ovw`, name: 'overview', prose: str(node.summary, node.title) }],
    controls: (node.children ?? []).map(clauseControl),
  };
}

function control(c: (typeof CONTROLS)[number]): Json {
  const id = token(c.id);
  return {
    id,
    title: c.title,
    props: [
      ...label(c.id),
      ...prop('objective', c.objective),
      ...prop('lifecycle-stages', c.lifecycleStages.join(' ')),
    ],
    parts: [
      { id: `${id}_smt`, name: 'statement', prose: c.guidance.do },
      { id: `${id}_asm`, name: 'assessment-method', prose: c.guidance.evidence },
    ],
  };
}

export function oscalCatalog(now: Date): Json {
  const annexA = CATALOG.annexA.domains.map((d) => {
    const id = token(d.id);
    const inDomain = CONTROLS.filter((c) => c.domain === d.id);
    const subgroups = (d.subgroups ?? []).map((s) => ({
      id: token(s.id),
      title: s.title,
      props: label(s.id),
      controls: inDomain.filter((c) => c.subgroup === s.id).map(control),
    }));
    const direct = inDomain.filter((c) => !c.subgroup).map(control);
    return {
      id,
      title: d.title,
      props: label(d.id),
      parts: d.objectives.map((o) => ({
        id: `${token(o.id)}_obj`,
        name: 'objective',
        ns: AIMS_NS,
        title: o.title,
        prose: str(o.summary, o.title),
      })),
      ...(subgroups.length ? { groups: subgroups.filter((s) => s.controls.length) } : {}),
      ...(direct.length ? { controls: direct } : {}),
    };
  });
  return {
    catalog: {
      uuid: catalogUuid(),
      metadata: metadata(`${CATALOG.standard} (aims catalog)`, CATALOG.version, now, {
        remarks: `Identifiers and titles of ${CATALOG.standard}; statements and guidance are aims' own words, not the standard's text. ${CATALOG.provenance}`,
      }),
      groups: [
        {
          id: 'clauses',
          title: 'Clauses 4 to 10',
          groups: CATALOG.clauses.map(clauseGroup),
        },
        {
          id: 'annex-a',
          title: 'Annex A: reference control objectives and controls',
          groups: annexA,
        },
      ],
    },
  };
}
