// The standards catalog as the API serves it: versions and sources, requirements, controls.
export { catalogRoutes } from './routes.js';
