import type { Kysely } from 'kysely';

/**
 * Notifications in the app and the outbox of e-mail to send. Neither is an organization record
 * (nothing in the ledger): a notification is a message about records, the outbox a delivery queue.
 *
 * - notifications: one row per member and message; `item_key` names the inbox item it is about
 *   (e.g. `approve:policy_versions:<id>`), `dedupe_key` makes a reminder once per item and day
 *   (unique per member; NULL for the others, which NULL never collides with); `resolved_at` is
 *   set when the item stops waiting for the member.
 * - outbox: one row per e-mail, written in the same transaction as its notification; a sender
 *   claims a row for a while (`claimed_until`), sends it with its own `message_id`, and marks it
 *   sent only after the SMTP server accepted it.
 *
 * Frozen: this file states the tables as they were created and never changes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('why', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text')
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .addColumn('resolved_at', 'text')
    .execute();
  await db.schema
    .createIndex('notifications_org_id')
    .on('notifications')
    .columns(['org_id', 'id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('notifications_member')
    .on('notifications')
    .columns(['org_id', 'member_id', 'id'])
    .execute();
  await db.schema
    .createIndex('notifications_item')
    .on('notifications')
    .columns(['org_id', 'item_key'])
    .execute();
  await db.schema
    .createIndex('notifications_dedupe')
    .on('notifications')
    .columns(['org_id', 'member_id', 'dedupe_key'])
    .unique()
    .execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('notification_id', 'text', (c) => c.notNull())
    .addColumn('to_email', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('claimed_until', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addForeignKeyConstraint(
      'outbox_notification_fk',
      ['org_id', 'notification_id'],
      'notifications',
      ['org_id', 'id'],
    )
    .execute();
  await db.schema
    .createIndex('outbox_due')
    .on('outbox')
    .columns(['status', 'next_attempt_at'])
    .execute();
  await db.schema
    .createIndex('outbox_message_id')
    .on('outbox')
    .columns(['message_id'])
    .unique()
    .execute();
}
