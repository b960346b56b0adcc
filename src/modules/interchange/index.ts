// Interchange: OSCAL 1.2.1 exports (catalog, component definitions, SSP, assessment results,
// POA&M, mapping collection) and CycloneDX ML-BOM export and import. The module's one public face.
export { interchangeRoutes } from './routes.js';
export { oscalCatalog } from './oscal-catalog.js';
export { componentDefinition, systemSecurityPlan } from './oscal-system.js';
export { assessmentResults, mappingCollection, planOfActionAndMilestones } from './oscal-assess.js';
export { cyclonedxBom } from './cyclonedx-export.js';
export { OSCAL_VERSION, prune } from './oscal-common.js';
export { stableUuid } from './uuid.js';
export { importFramework } from './commands.js';
export {
  cyclonedxDocument,
  importBomText,
  importCatalogText,
  importComponentText,
  oscalDocument,
  OSCAL_KINDS,
  type OscalKind,
} from './documents.js';
