import { call, client, fileBody, orgPath, seg, type Schema } from '../../api';

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

export type CatalogResult = Schema<'CatalogImportResult'>;
export type ComponentResult = Schema<'ComponentImportResult'>;
export type BomResult = Schema<'BomImportResult'>;
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
  const path = { org: slug };
  if (kind === 'catalog')
    return {
      kind,
      body: await call(
        client.POST('/api/v1/orgs/{org}/oscal/catalog-import', {
          params: { path, query: { dryRun: dry } },
          ...fileBody(data, OSCAL),
        }),
      ),
    };
  if (kind === 'component')
    return {
      kind,
      body: await call(
        client.POST('/api/v1/orgs/{org}/oscal/component-import', {
          params: { path, query: { dryRun: dry } },
          ...fileBody(data, OSCAL),
        }),
      ),
    };
  return {
    kind,
    body: await call(
      client.POST('/api/v1/orgs/{org}/cyclonedx/import', {
        params: { path, query: { dryRun: dry, aiSystemId } },
        ...fileBody(data, CDX),
      }),
    ),
  };
}
