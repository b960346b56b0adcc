/**
 * The organization's sectors (ISO/IEC 42001 Annex D names sectors; the profiles are aims's own):
 * the choice, and adding a profile's legal suggestion to the legal register. Its one public face.
 */
export { addLegalSuggestion, chooseSectors } from './commands.js';
export { sectorRoutes } from './routes.js';
export { sectorsViewOf, type SectorsView } from './schemas.js';
export { controlsToConsider, sectorDefaults } from '../../catalog/sectors.js';
