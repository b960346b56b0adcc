// Organizations, members and API tokens: the module's one public face.
export {
  addMember,
  configureAccess,
  createOrg,
  removeMember,
  setupInstance,
  updateMember,
  updateOrg,
} from './commands.js';
export { createToken, createTokenFor, revokeToken } from './tokens.js';
export {
  memberEmails,
  documentHead,
  memberEmailsById,
  memberLabel,
  memberLabelsById,
  membershipOfUser,
  orgByRef,
  slugTaken,
} from './queries.js';
export { orgRoutes } from './routes.js';
export { allOrgs, membersWithRoles, orgById } from './queries.js';
