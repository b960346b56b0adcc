// Invitations by link: an owner or manager invites an e-mail address with a role; accepting makes
// the user (or takes the signed-in one) a member. Its one public face.
export { acceptInvitation, inviteMember, revokeInvitation } from './commands.js';
export { invitationRoutes } from './routes.js';
