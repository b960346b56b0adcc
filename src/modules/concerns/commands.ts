import { uuidSchema } from '../../kernel/ids.js';
import { z } from 'zod';
import { checkVersion, defineCommand } from '../../kernel/commands.js';
import { AppError } from '../../kernel/errors.js';
import { insertRecord, loadRow, memberIdOf, updateRecord } from '../../kernel/records.js';

const id = uuidSchema;
export const CONCERN_STATES = [
  'received',
  'triage',
  'investigating',
  'resolved',
  'dismissed',
] as const;

const report = {
  summary: z
    .string()
    .trim()
    .min(1, 'Say what the concern is.')
    .max(300)
    .describe('One line: what is the concern?'),
  details: z
    .string()
    .max(20_000)
    .nullable()
    .optional()
    .describe('What happened, where, when; anything that helps.'),
};

async function checkSystem(tx: { db: any }, orgId: string, aiSystemId: string | null | undefined) {
  if (!aiSystemId) return;
  const s = await tx.db
    .selectFrom('ai_systems')
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', '=', aiSystemId)
    .executeTakeFirst();
  if (!s)
    throw new AppError('UNKNOWN_REFERENCE', 'No such AI system.', [
      { pointer: '/body/aiSystemId', message: 'No such AI system.' },
    ]);
}

/** A member reports a concern about an AI system (A.3.3); anonymous reports keep no trace of who. */
export const reportConcern = defineCommand({
  action: 'concerns.report',
  input: z
    .object({
      ...report,
      aiSystemId: id.nullable().optional().describe('The AI system concerned, if known.'),
      anonymous: z
        .boolean()
        .default(false)
        .describe('Keep the reporter unknown, also in the ledger.'),
    })
    .strict(),
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    await checkSystem(tx, orgId, input.aiSystemId);
    const me = input.anonymous ? null : await memberIdOf(tx, scope.access!);
    if (input.anonymous) tx.hideActor();
    return insertRecord(tx, orgId, 'concerns', {
      ai_system_id: input.aiSystemId ?? null,
      summary: input.summary,
      details: input.details ?? null,
      channel: 'member',
      anonymous: input.anonymous ? 1 : 0,
      reporter_member_id: me,
      reporter_contact: null,
      status: 'received',
      owner_member_id: null,
      outcome: null,
      closed_at: null,
    });
  },
});

/** Anyone, through the organization's public link, without an account. */
export const reportPublicConcern = defineCommand({
  action: 'concerns.report_public',
  input: z
    .object({
      ...report,
      aiSystem: z
        .string()
        .trim()
        .max(300)
        .nullable()
        .optional()
        .describe('Which AI system or service, in your words.'),
      contact: z
        .string()
        .trim()
        .max(300)
        .nullable()
        .optional()
        .describe('How to reach you, if you want an answer. Leave empty to stay anonymous.'),
    })
    .strict(),
  async run(tx, input, scope) {
    const orgId = scope.ids!.orgId!;
    tx.hideActor();
    const details =
      [
        input.aiSystem ? `AI system named by the reporter: ${input.aiSystem}` : null,
        input.details ?? null,
      ]
        .filter(Boolean)
        .join('\n\n') || null;
    return insertRecord(tx, orgId, 'concerns', {
      ai_system_id: null,
      summary: input.summary,
      details,
      channel: 'public',
      anonymous: input.contact ? 0 : 1,
      reporter_member_id: null,
      reporter_contact: input.contact || null,
      status: 'received',
      owner_member_id: null,
      outcome: null,
      closed_at: null,
    });
  },
});

export const triageConcern = defineCommand({
  action: 'concerns.triage',
  input: z
    .object({
      status: z.enum(CONCERN_STATES).optional().describe('Where the concern stands.'),
      ownerMemberId: id.nullable().optional().describe('Who handles it.'),
      aiSystemId: id.nullable().optional().describe('The AI system concerned.'),
      outcome: z
        .string()
        .max(20_000)
        .nullable()
        .optional()
        .describe('What was found and done; needed to close.'),
    })
    .strict(),
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    const c = await loadRow(tx, 'concerns', orgId, scope.ids!.concernId!, 'concern');
    checkVersion(c.version, scope.ifMatch);
    await checkSystem(tx, orgId, input.aiSystemId);
    if (input.ownerMemberId) {
      const m = await tx.db
        .selectFrom('memberships')
        .select('id')
        .where('org_id', '=', orgId)
        .where('id', '=', input.ownerMemberId)
        .executeTakeFirst();
      if (!m)
        throw new AppError('UNKNOWN_REFERENCE', 'No such member.', [
          { pointer: '/body/ownerMemberId', message: 'No such member of this organization.' },
        ]);
    }
    const status = input.status ?? c.status;
    const outcome = input.outcome !== undefined ? input.outcome : c.outcome;
    const closing = status === 'resolved' || status === 'dismissed';
    if (closing && !outcome) {
      throw new AppError(
        'INCONSISTENT_INPUT',
        'Say what was found and done before closing a concern.',
        [{ pointer: '/body/outcome', message: 'Required to close.' }],
      );
    }
    const changes: Record<string, unknown> = {
      status,
      outcome,
      closed_at: closing ? (c.closed_at ?? tx.now) : null,
    };
    if (input.ownerMemberId !== undefined) changes.owner_member_id = input.ownerMemberId;
    if (input.aiSystemId !== undefined) changes.ai_system_id = input.aiSystemId;
    return updateRecord(tx, orgId, 'concerns', c, changes);
  },
});
