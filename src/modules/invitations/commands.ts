import { z } from 'zod';
import { lockLedgerHead } from '../../db/connect.js';
import { orgCommand, runCommand } from '../../kernel/commands.js';
import type { Context } from '../../kernel/context.js';
import { actorLabel } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import { insertRecord, loadRecord, updateRecord } from '../../kernel/records.js';
import { refuseIfAlarmed } from '../../kernel/seal.js';
import {
  findOrCreateUser,
  linkHash,
  newLinkSecret,
  sameHash,
  userByEmail,
} from '../identity/index.js';
import { membershipOfUser } from '../orgs/index.js';
import { invitationByHash, pendingInvitationsOf } from './queries.js';
import { INVITATION_DAYS, invitationId, inviteInput } from './schemas.js';

const alreadyMember = (email: string) =>
  new AppError('ALREADY_MEMBER', `${email} is already a member.`, [
    { pointer: '/body/email', message: 'Already a member.' },
  ]);

/**
 * Invites an e-mail address with a role: a single-use link, valid for INVITATION_DAYS days, of
 * which only the SHA-256 is stored. An earlier pending invitation of the address is withdrawn
 * (the newest link is the one that works). Only an owner invites an owner.
 */
export const inviteMember = orgCommand({
  action: 'invitations.create',
  input: inviteInput,
  async run(tx, input) {
    const orgId = tx.org.orgId;
    if (input.role === 'owner' && tx.org.role !== 'owner')
      throw new AppError('FORBIDDEN', 'Only an owner may invite another owner.');
    const existing = await userByEmail(tx.db, input.email);
    if (existing && (await membershipOfUser(tx.db, orgId, existing.id)))
      throw alreadyMember(input.email);
    for (const earlier of await pendingInvitationsOf(tx.db, orgId, input.email, tx.now))
      await updateRecord(tx, orgId, 'invitations', earlier, { revoked_at: tx.now });
    const { token, hash } = newLinkSecret();
    const expires = new Date(Date.parse(tx.now) + INVITATION_DAYS * 86_400_000).toISOString();
    const row = await insertRecord(tx, orgId, 'invitations', {
      email: input.email,
      role: input.role,
      token_hash: hash,
      invited_by: tx.org.memberId ?? actorLabel(tx.ctx.actor),
      expires_at: expires,
      accepted_at: null,
      accepted_by: null,
      revoked_at: null,
    });
    return { ...row, token };
  },
});

/** Withdraws a pending invitation: its link stops working. */
export const revokeInvitation = orgCommand({
  action: 'invitations.revoke',
  input: z.object({ invitationId }).strict(),
  pathIds: ['invitationId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const inv = await loadRecord(tx.db, 'invitations', orgId, input.invitationId, 'invitation');
    if (inv.accepted_at || inv.revoked_at)
      throw new AppError(
        'INVALID_STATE',
        `The invitation was ${inv.accepted_at ? 'accepted' : 'withdrawn'} already.`,
      );
    return updateRecord(tx, orgId, 'invitations', inv, { revoked_at: tx.now });
  },
});

const badLink = (message = 'Unknown, used, withdrawn or expired: ask for a new invitation.') =>
  new AppError('INVALID_LINK', undefined, [{ pointer: '/body/token', message }]);

/** The pending invitation a link's secret belongs to, or INVALID_LINK. */
export async function pendingInvitation(ctx: Context, token: string) {
  const hash = linkHash(token);
  const inv = await invitationByHash(ctx.database.db, hash);
  const now = ctx.now().toISOString();
  if (
    !inv ||
    !sameHash(inv.token_hash, hash) ||
    inv.accepted_at ||
    inv.revoked_at ||
    inv.expires_at <= now
  )
    throw badLink();
  return inv;
}

/**
 * Accepts an invitation: the membership with the invited role is made, and the invitation used
 * up, in the organization's ledger, as by the user who accepts. `as` is the signed-in user (whose
 * address must be the invited one); without it a new user is made with the invited address.
 */
export async function acceptInvitation(
  ctx: Context,
  parsed: { token: string; name?: string | undefined; password?: string | undefined },
  as: { userId: string; email: string } | null,
) {
  const inv = await pendingInvitation(ctx, parsed.token);
  if (as && as.email !== inv.email)
    throw new AppError(
      'INCONSISTENT_INPUT',
      `This invitation is for ${inv.email}: sign in as that user to accept it.`,
      [{ pointer: '/body/token', message: `For ${inv.email}, not ${as.email}.` }],
    );
  if (!as && (await userByEmail(ctx.database.db, inv.email)))
    throw new AppError('ACCOUNT_EXISTS', undefined, [
      { pointer: '/body/token', message: `Sign in as ${inv.email}, then accept.` },
    ]);
  const userId = as?.userId ?? newId();
  const actingCtx: Context = {
    ...ctx,
    actor: { kind: 'user', userId, email: inv.email, via: 'session' },
  };
  refuseIfAlarmed(ctx.keys, inv.org_id);
  return runCommand(
    actingCtx,
    { action: 'invitations.accept', input: z.unknown(), raw: null },
    async (tx) => {
      await lockLedgerHead(tx.db, ctx.database.dialect, inv.org_id);
      // Read again under the lock: of two acceptances of one link, one wins.
      const current = await loadRecord(tx.db, 'invitations', inv.org_id, inv.id, 'invitation');
      if (current.accepted_at || current.revoked_at || current.expires_at <= tx.now)
        throw badLink('Accepted or withdrawn meanwhile.');
      if (!as)
        await findOrCreateUser(tx.db, tx.now, ctx.keys.credentials, {
          id: userId,
          email: inv.email,
          name: parsed.name,
          password: parsed.password,
        });
      if (await membershipOfUser(tx.db, inv.org_id, userId)) throw alreadyMember(inv.email);
      await insertRecord(tx, inv.org_id, 'memberships', {
        user_id: userId,
        email: inv.email,
        role: current.role,
      });
      await updateRecord(tx, inv.org_id, 'invitations', current, {
        accepted_at: tx.now,
        accepted_by: userId,
      });
      return { orgSlug: inv.orgSlug, role: current.role, email: inv.email };
    },
  );
}
