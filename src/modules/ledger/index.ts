// The ledger as the API shows it: events, one record's history, the public key, verification.
export { ledgerRoutes } from './routes.js';
