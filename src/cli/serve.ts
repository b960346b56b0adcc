import type { Config } from '../config.js';
import { buildApp } from '../app.js';
import { startMailer, startReminders } from '../modules/inbox/index.js';
import { createServices } from '../server.js';
import { startJobWorker } from '../kernel/jobs.js';

export async function startServer(config: Config) {
  const services = await createServices(config);
  const app = await buildApp(services);
  // The outbox sender and the daily reminders run inside the server (docs/ARCHITECTURE.md, "My work").
  const db = services.database.db;
  const mailer = startMailer({
    db,
    smtpUrl: config.smtpUrl,
    from: config.smtpFrom,
    publicUrl: config.publicUrl,
    log: app.log,
  });
  const reminders = startReminders(db, { log: app.log });
  // Long work (src/kernel/jobs.ts): every process runs a worker; the queue is in the database.
  const jobs = startJobWorker({ database: services.database, log: app.log });
  const close = async () => {
    await jobs.stop();
    await reminders.stop();
    await mailer.stop();
    await app.close();
    await services.database.close();
    process.exit(0);
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);
  await app.listen({ host: config.host, port: config.port });
  app.log.info(
    { database: services.database.dialect, dataDir: config.dataDir, mail: !!config.smtpUrl },
    `aims listening on http://${config.host}:${config.port}`,
  );
  // Keep running until a signal arrives.
  await new Promise(() => {});
}
