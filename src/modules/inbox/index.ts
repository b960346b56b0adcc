// My work: the inbox of what waits for each member (computed from the records through the
// sources), notifications in the app, and e-mail through the outbox. Its one public face.
export { notifyWhatStartsWaiting } from './notify.js';
export { createMailer, startMailer, type Mailer, type MailerOptions } from './mailer.js';
export { enqueueReminders, startReminders, REMIND_DAYS_BEFORE } from './reminders.js';
export { inboxOf, DUE_SOON_DAYS } from './compute.js';
export { markAllNotificationsRead, markNotificationRead } from './commands.js';
export { inboxRoutes } from './routes.js';
export { SOURCES, INBOX_KINDS } from './sources.js';
