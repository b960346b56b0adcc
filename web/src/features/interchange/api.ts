import { orgPath, request, seg, withQuery } from '../../api';

/** The OSCAL and CycloneDX documents of an organization, and their imports (dry run first). */
export const OSCAL_EXPORTS = {
  ssp: 'System security plan (Statement of Applicability)',
  'assessment-results': 'Assessment results (readiness and audits)',
  poam: 'Plan of action and milestones (nonconformities, treatments)',
  mapping: 'Mapping collection (crosswalks)',
} as const;
export type OscalExport = keyof typeof OSCAL_EXPORTS;

export const interchangeHref = {
  oscal: (slug: string, kind: OscalExport) => `${orgPath(slug)}/oscal/${kind}`,
  catalog: () => '/api/v1/catalog/oscal',
  component: (slug: string, systemId: string) =>
    `${orgPath(slug)}/oscal/component-definition/${seg(systemId)}`,
  cyclonedx: (slug: string, systemId: string) =>
    `${orgPath(slug)}/ai-systems/${seg(systemId)}/cyclonedx`,
};

export type ImportKind = 'catalog' | 'component' | 'cyclonedx';

export interface CatalogResult {
  dryRun: boolean;
  action: 'create' | 'update';
  framework: { id: string | null; key: string; title: string; controls: number; groups: number };
}
export interface ComponentResult {
  dryRun: boolean;
  systems: { pointer: string; name: string; action: 'create' | 'match' }[];
  controls: { pointer: string; controlId: string; action: string; implementationStatus: string }[];
}
export interface BomResult {
  dryRun: boolean;
  items: { kind: string; name: string; pointer: string; action: 'create' | 'exists' }[];
}
export type ImportResult =
  | { kind: 'catalog'; body: CatalogResult }
  | { kind: 'component'; body: ComponentResult }
  | { kind: 'cyclonedx'; body: BomResult };

const OSCAL = 'application/oscal+json';
const CDX = 'application/vnd.cyclonedx+json';

export async function importDocument(
  slug: string,
  kind: ImportKind,
  data: string,
  dryRun: boolean,
  aiSystemId: string,
): Promise<ImportResult> {
  const dry = dryRun ? 'true' : 'false';
  if (kind === 'catalog')
    return {
      kind,
      body: await request<CatalogResult>(
        'POST',
        withQuery(`${orgPath(slug)}/oscal/catalog-import`, { dryRun: dry }),
        { raw: { type: OSCAL, data } },
      ),
    };
  if (kind === 'component')
    return {
      kind,
      body: await request<ComponentResult>(
        'POST',
        withQuery(`${orgPath(slug)}/oscal/component-import`, { dryRun: dry }),
        { raw: { type: OSCAL, data } },
      ),
    };
  return {
    kind,
    body: await request<BomResult>(
      'POST',
      withQuery(`${orgPath(slug)}/cyclonedx/import`, { dryRun: dry, aiSystemId }),
      { raw: { type: CDX, data } },
    ),
  };
}
