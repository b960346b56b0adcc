import type { ClauseNode, Iso42001File } from './schema.js';

/** An assessable ISO/IEC 42001 requirement: a clause leaf or an Annex A control. */
export interface Requirement {
  id: string;
  kind: 'clause' | 'control';
  title: string;
  /** Clause leaves: the enclosing clause (6.1 for 6.1.2). Controls: the subgroup (A.6.2) or else the domain (A.5). */
  parentId: string;
  /** Controls only: the Annex A domain (A.6). */
  domain?: string;
  /** Controls only: the Annex A objective the control serves (A.6.2.1). */
  objective?: string;
}

/** Every clause node with its parent id, depth-first in document order. */
export function flattenClauses(
  nodes: readonly ClauseNode[],
  parentId: string | null = null,
): { node: ClauseNode; parentId: string | null }[] {
  return nodes.flatMap((node) => [
    { node, parentId },
    ...flattenClauses(node.children ?? [], node.id),
  ]);
}

/** Clause leaves first (in clause order), then the Annex A controls (in table order). */
export function requirementsOf(doc: Iso42001File): Requirement[] {
  const clauses: Requirement[] = flattenClauses(doc.clauses)
    .filter(({ node }) => node.assessable)
    .map(({ node, parentId }) => ({
      id: node.id,
      kind: 'clause',
      title: node.title,
      parentId: parentId ?? node.id,
    }));
  const controls: Requirement[] = doc.annexA.controls.map((c) => ({
    id: c.id,
    kind: 'control',
    title: c.title,
    parentId: c.subgroup ?? c.domain,
    domain: c.domain,
    objective: c.objective,
  }));
  return [...clauses, ...controls];
}
