import { EventEmitter } from 'node:events';
import type { Kysely } from 'kysely';
import type nodemailer from 'nodemailer';
import type { DB } from '../../db/schema.js';
import { lazy } from '../../kernel/lazy.js';
import { claimOutboxRow, dueOutboxRows, settleOutboxRow } from './queries.js';
import type { OutboxRow } from './schemas.js';

/**
 * The e-mail sender: delivers the outbox after commit, and again after a crash.
 *
 * - A row is claimed for a while (`claimed_until`, one conditional UPDATE, so of several senders
 *   in several processes only one takes it), then handed to the SMTP server, and marked sent only
 *   after the server accepted it. A crash before that leaves the claim to run out and the row to
 *   be sent again: nothing is lost.
 * - Every attempt of a row carries the row's own Message-ID. If a process dies after the server
 *   accepted the message and before the row was marked sent, the message goes out a second time
 *   with the same Message-ID, which mail systems and readers recognise as the same message. That
 *   window is the whole of "exactly once" here: at least once, and a duplicate only from a crash
 *   in it, always recognisable.
 * - A refusal is tried again with growing pauses (a permanent refusal, 5xx, is not); after
 *   `maxAttempts` the row is failed, with the last error kept.
 * - Without an SMTP server (AIMS_SMTP_URL unset) the sender marks pending mail skipped, so mail
 *   from a time without one is not sent when one is configured later.
 */

/** Where the instance's address goes in a stored e-mail; the sender puts AIMS_PUBLIC_URL there. */
export const BASE_URL_MARK = '{aims-base-url}';

/** Loaded only when an SMTP server is configured (src/kernel/lazy.ts). */
const mailLib = lazy<typeof nodemailer>('nodemailer');

const doorbell = new EventEmitter();
/** Wakes the senders of this process: a command queued mail (run after its commit). */
export const ringDoorbell = () => {
  doorbell.emit('ring');
};

export interface MailerOptions {
  db: Kysely<DB>;
  smtpUrl: string | null;
  from: string;
  publicUrl: string;
  now?: () => Date;
  /** How often the outbox is looked at without a ring (mail queued by other processes). */
  pollMs?: number;
  /** How long a claim holds: longer than any one delivery takes. */
  leaseMs?: number;
  /** The pause after the first failed attempt; it doubles with each further one (up to 6 hours). */
  retryBaseMs?: number;
  maxAttempts?: number;
  log?: { warn(o: object, msg: string): void; info(o: object, msg: string): void };
}

export interface Mailer {
  /** Sends everything due now; resolves with how many messages the SMTP server accepted. */
  sendDue(): Promise<number>;
  /** Stops waking up and closes the SMTP connection (a delivery under way finishes first). */
  stop(): Promise<void>;
}

const MAX_PAUSE_MS = 6 * 3600_000;
const BATCH = 20;

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 2000);
const responseCode = (e: unknown) =>
  typeof e === 'object' && e !== null && 'responseCode' in e && typeof e.responseCode === 'number'
    ? e.responseCode
    : null;

/** A sender that works only when asked (sendDue): the tests drive it, startMailer runs it. */
export function createMailer(o: MailerOptions): Mailer {
  const now = o.now ?? (() => new Date());
  const leaseMs = o.leaseMs ?? 120_000;
  const retryBaseMs = o.retryBaseMs ?? 30_000;
  const maxAttempts = o.maxAttempts ?? 8;
  const transport = o.smtpUrl
    ? mailLib().createTransport({
        url: o.smtpUrl,
        connectionTimeout: 30_000,
        greetingTimeout: 30_000,
        socketTimeout: 60_000,
      })
    : null;
  let running: Promise<number> | null = null;
  let queued: Promise<number> | null = null;

  async function deliver(row: OutboxRow, at: Date): Promise<boolean> {
    if (!transport) {
      await settleOutboxRow(o.db, row.id, {
        status: 'skipped',
        last_error: 'No SMTP server is configured (AIMS_SMTP_URL).',
      });
      return false;
    }
    try {
      await transport.sendMail({
        from: o.from,
        to: row.to_email,
        subject: row.subject,
        text: row.body_text.split(BASE_URL_MARK).join(o.publicUrl),
        messageId: row.message_id,
        date: new Date(row.created_at),
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
    } catch (e) {
      const attempts = row.attempts + 1;
      const code = responseCode(e);
      const final = (code !== null && code >= 500) || attempts >= maxAttempts;
      const pause = Math.min(retryBaseMs * 2 ** (attempts - 1), MAX_PAUSE_MS);
      await settleOutboxRow(o.db, row.id, {
        status: final ? 'failed' : 'pending',
        last_error: errorText(e),
        next_attempt_at: new Date(at.getTime() + pause).toISOString(),
      });
      o.log?.warn({ outboxId: row.id, attempts, final }, 'e-mail not accepted');
      return false;
    }
    await settleOutboxRow(o.db, row.id, { status: 'sent', sent_at: now().toISOString() });
    return true;
  }

  async function pass(): Promise<number> {
    let accepted = 0;
    for (;;) {
      const at = now();
      const iso = at.toISOString();
      const rows = await dueOutboxRows(o.db, iso, BATCH);
      let claimed = 0;
      for (const row of rows) {
        const until = new Date(at.getTime() + leaseMs).toISOString();
        if (!(await claimOutboxRow(o.db, row.id, iso, until))) continue;
        claimed++;
        if (await deliver(row, at)) accepted++;
      }
      if (rows.length < BATCH || claimed === 0) return accepted;
    }
  }

  return {
    sendDue() {
      // One pass at a time in this process. A call during a pass waits for it and runs one
      // more (mail may have been queued since it looked); calls while that one waits share it.
      if (queued) return queued;
      if (!running) {
        running = pass().finally(() => (running = null));
        return running;
      }
      const next = running
        .catch(() => 0)
        .then(() => {
          queued = null;
          running = pass().finally(() => (running = null));
          return running;
        });
      queued = next;
      return next;
    },
    async stop() {
      await running?.catch(() => 0);
      transport?.close();
    },
  };
}

/** A sender that runs by itself: woken after each commit that queued mail, and every `pollMs`. */
export function startMailer(o: MailerOptions): Mailer {
  const mailer = createMailer(o);
  let stopped = false;
  const run = () => {
    if (stopped) return;
    mailer
      .sendDue()
      .catch((e: unknown) => o.log?.warn({ err: errorText(e) }, 'outbox pass failed'));
  };
  doorbell.on('ring', run);
  const timer = setInterval(run, o.pollMs ?? 5000);
  timer.unref();
  run();
  return {
    sendDue: mailer.sendDue,
    async stop() {
      stopped = true;
      doorbell.off('ring', run);
      clearInterval(timer);
      await mailer.stop();
    },
  };
}
