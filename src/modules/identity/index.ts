// Identity: users, passwords, sessions and the API token lookup; its one public face.
export { identityRoutes } from './routes.js';
export { anyUser, userByEmail } from './queries.js';
export { authenticator } from './sessions.js';
export { findOrCreateUser } from './users.js';
export { email, password, personName, userView } from './schemas.js';
