// Looking records up by name (the web app's pickers): its one public face.
export { lookup, lookupRoutes } from './routes.js';
export { LOOKUP_TYPES, type LookupItem, type LookupType } from './schemas.js';
