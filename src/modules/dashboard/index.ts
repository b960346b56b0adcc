// The dashboard: one answer composed of other modules' parts (through their index.ts), as far as
// the caller may read them. Its one public face.
export { dashboardOf } from './compose.js';
export { dashboardRoutes } from './routes.js';
export { dashboardView, type DashboardView } from './schemas.js';
