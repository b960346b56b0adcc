import type nodemailer from 'nodemailer';
import type { Config } from '../../config.js';
import { lazy } from '../../kernel/lazy.js';

const mailLib = lazy<typeof nodemailer>('nodemailer');

/**
 * Sends an account e-mail (a reset link, an invitation) straight to the SMTP server, not through
 * the outbox: the outbox keeps each message's text in the database until it is sent, and a
 * live link secret must be stored nowhere but as its hash. A message that fails is not sent
 * again: the person asks for a new link.
 */
export async function sendAccountMail(
  config: Pick<Config, 'smtpUrl' | 'smtpFrom'>,
  mail: { to: string; subject: string; text: string },
): Promise<void> {
  if (!config.smtpUrl) return;
  const transport = mailLib().createTransport({
    url: config.smtpUrl,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  try {
    await transport.sendMail({
      from: config.smtpFrom,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
  } finally {
    transport.close();
  }
}
