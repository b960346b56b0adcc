// E-mail through the outbox against a real SMTP server (smtp-server, started here on a free
// port): delivery, a crash before and after the server accepted a message, retries, reminders.
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inboxItems, notificationsOf, outboxOf } from '../../../test/factories/inbox.js';
import { makePolicy } from '../../../test/factories/policies.js';
import { makeTreatment } from '../../../test/factories/risks.js';
import { DIALECTS } from '../../../test/harness.js';
import { startTestSmtp, type TestSmtp } from '../../../test/smtp.js';
import { openUnit, type Unit } from '../../../test/unit.js';
import { submitPolicyVersion } from '../policies/index.js';
import { createMailer, enqueueReminders, type MailerOptions } from './index.js';

const PUBLIC_URL = 'https://aims.example.org';

describe.each(DIALECTS)('e-mail through the outbox, on %s', (dialect) => {
  let u: Unit;
  let smtp: TestSmtp;
  beforeAll(async () => {
    u = await openUnit(dialect);
    smtp = await startTestSmtp();
  });
  afterAll(async () => {
    await smtp?.close();
    await u?.close();
  });
  beforeEach(() => {
    smtp.received.length = 0;
  });

  const mailer = (o: Partial<MailerOptions> = {}) =>
    createMailer({
      db: u.database.db,
      smtpUrl: smtp.url,
      from: 'aims <aims@example.org>',
      publicUrl: PUBLIC_URL,
      now: u.clock.now,
      ...o,
    });
  const outboxRow = (id: string) =>
    u.database.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  /** A policy version submitted by the contributor: it waits for the manager and the owner. */
  async function submitted() {
    const { policy, version } = await makePolicy(u, {}, u.members.contributor);
    await u.run(
      submitPolicyVersion,
      { policyId: policy.id, versionId: version.id },
      { as: u.members.contributor },
    );
    const [n] = await notificationsOf(u, u.members.manager, policy.id);
    const [mail] = await outboxOf(u, [n!.id]);
    return { policy, version, mail: mail! };
  }

  it('puts an approval in the approver’s inbox and delivers its e-mail, once', async () => {
    const { policy, version, mail } = await submitted();
    expect(
      (await inboxItems(u, u.members.manager)).find((i) => i.target.id === policy.id),
    ).toMatchObject({ kind: 'policy_approval', key: `policy_approval:${version.id}` });

    const m = mailer();
    expect(await m.sendDue()).toBe(2); // the manager and the owner
    const got = smtp.received.find((r) => r.to.includes(u.members.manager.email))!;
    expect(got.subject).toBe(`Approve “${policy.title}”, version 1`);
    expect(got.messageId).toBe(mail.message_id);
    expect(got.headers.get('auto-submitted')).toBe('auto-generated');
    expect(got.text).toContain(`${PUBLIC_URL}/o/${u.org.slug}/policies/${policy.id}`);
    expect(got.text).toContain('your role may approve it');
    expect(await outboxRow(mail.id)).toMatchObject({
      status: 'sent',
      attempts: 1,
      claimed_until: null,
    });

    expect(await m.sendDue()).toBe(0);
    expect(smtp.received).toHaveLength(2);
    await m.stop();
  });

  it('delivers mail a crashed sender had claimed, once, after its claim ran out', async () => {
    const { mail } = await submitted();
    // A sender claimed the rows and died before it sent them: their claims hold for two minutes.
    const crashedAt = u.clock.now().toISOString();
    await u.database.db
      .updateTable('outbox')
      .set({
        claimed_until: new Date(u.clock.now().getTime() + 120_000).toISOString(),
        attempts: 1,
      })
      .where('status', '=', 'pending')
      .execute();
    // Restarted at once, a sender leaves them alone…
    expect(await mailer().sendDue()).toBe(0);
    expect(smtp.received).toHaveLength(0);
    // …and once the claims ran out, two senders at the same time deliver each message once.
    u.clock.set(new Date(Date.parse(crashedAt) + 121_000).toISOString());
    const [a, b] = [mailer(), mailer()];
    const [na, nb] = await Promise.all([a.sendDue(), b.sendDue()]);
    expect(na + nb).toBe(2);
    expect(
      smtp.received.map((r) => r.messageId).filter((id) => id === mail.message_id),
    ).toHaveLength(1);
    expect(await outboxRow(mail.id)).toMatchObject({ status: 'sent', attempts: 2 });
    await Promise.all([a.stop(), b.stop()]);
  });

  it('resends with the same Message-ID when a sender died after the server accepted the message', async () => {
    const { mail } = await submitted();
    // The crashed sender had claimed the row and handed the message over; it never marked it.
    await u.database.db
      .updateTable('outbox')
      .set({ claimed_until: u.clock.now().toISOString(), attempts: 1 })
      .where('id', '=', mail.id)
      .execute();
    const transport = nodemailer.createTransport({ url: smtp.url });
    await transport.sendMail({
      from: 'aims@example.org',
      to: mail.to_email,
      subject: mail.subject,
      text: mail.body_text,
      messageId: mail.message_id,
    });
    transport.close();
    u.clock.advanceDays(1);
    const m = mailer();
    await m.sendDue();
    const copies = smtp.received.filter((r) => r.messageId === mail.message_id);
    expect(copies).toHaveLength(2);
    expect(copies[0]!.subject).toBe(copies[1]!.subject);
    expect(await outboxRow(mail.id)).toMatchObject({ status: 'sent', attempts: 2 });
    await m.stop();
  });

  it('keeps mail the server cannot take, and tries again later with a growing pause', async () => {
    const { mail } = await submitted();
    const closed = await startTestSmtp();
    await closed.close(); // nothing listens there any more
    const down = mailer({ smtpUrl: closed.url, retryBaseMs: 60_000 });
    expect(await down.sendDue()).toBe(0);
    const after = await outboxRow(mail.id);
    expect(after).toMatchObject({ status: 'pending', attempts: 1, claimed_until: null });
    expect(after.last_error).toBeTruthy();
    expect(Date.parse(after.next_attempt_at) - u.clock.now().getTime()).toBe(60_000);
    await down.stop();

    // Not before its time; then delivered.
    const up = mailer();
    expect(await up.sendDue()).toBe(0);
    u.clock.set(after.next_attempt_at);
    expect(await up.sendDue()).toBe(2);
    expect(await outboxRow(mail.id)).toMatchObject({ status: 'sent', attempts: 2 });
    await up.stop();
  });

  it('marks mail skipped when no SMTP server is configured', async () => {
    const { mail } = await submitted();
    const none = mailer({ smtpUrl: null });
    expect(await none.sendDue()).toBe(0);
    expect(await outboxRow(mail.id)).toMatchObject({ status: 'skipped' });
    expect(smtp.received).toHaveLength(0);
    await none.stop();
  });

  it('reminds the owner of a treatment action 7 days, 1 day and on the day it is due, once a day', async () => {
    const due = new Date(u.clock.now().getTime() + 7 * 86_400_000).toISOString().slice(0, 10);
    const t = await makeTreatment(u, {
      ownerMemberId: u.members.contributor.memberId,
      dueDate: due,
    });
    const reminders = async () =>
      (await notificationsOf(u, u.members.contributor, t.risk_id)).filter(
        (n) => n.reason === 'reminder' && n.item_key === `treatment:${t.id}`,
      );
    const head = await u.head();
    expect(await enqueueReminders(u.database.db, u.clock.now())).toBeGreaterThanOrEqual(1);
    expect(await enqueueReminders(u.database.db, u.clock.now())).toBe(0);
    const [first, ...none] = await reminders();
    expect(none).toEqual([]);
    expect(first).toMatchObject({
      due_date: due,
      dedupe_key: `reminder:treatment:${t.id}:${u.clock.now().toISOString().slice(0, 10)}`,
    });
    expect(await outboxOf(u, [first!.id])).toHaveLength(1);
    // Reminders are no organization records: the ledger did not move.
    expect(await u.head()).toBe(head);

    u.clock.advanceDays(1); // 6 days left: no reminder
    await enqueueReminders(u.database.db, u.clock.now());
    expect(await reminders()).toHaveLength(1);
    u.clock.advanceDays(5); // 1 day left
    await enqueueReminders(u.database.db, u.clock.now());
    await enqueueReminders(u.database.db, u.clock.now());
    expect(await reminders()).toHaveLength(2);

    smtp.received.length = 0;
    const m = mailer();
    await m.sendDue();
    const got = smtp.received.filter((r) => r.to.includes(u.members.contributor.email));
    expect(
      got.filter((r) => r.subject.startsWith(`Reminder: Treatment action “${t.title}”`)),
    ).toHaveLength(2);
    await m.stop();
  });
});
