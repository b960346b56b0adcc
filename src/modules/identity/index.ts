// Identity: users, passwords, sessions, the second factor and the API token lookup; its one
// public face.
export { identityRoutes } from './routes.js';
export { accountRoutes, limited, userOf } from './account-routes.js';
export { factorRoutes } from './factor-routes.js';
export { anyUser, userByEmail } from './queries.js';
export { authenticator } from './sessions.js';
export { findOrCreateUser } from './users.js';
export { email, password, personName, userView } from './schemas.js';
export { resetPasswordOnHost } from './reset.js';
export { passwordMatches } from './account.js';
export { linkHash, newLinkSecret, sameHash } from './links.js';
export { sendAccountMail } from './mail.js';
