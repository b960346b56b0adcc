import type { Config } from '../config.js';
import { buildApp } from '../app.js';
import { createServices } from '../server.js';

export async function startServer(config: Config) {
  const services = await createServices(config);
  const app = await buildApp(services);
  const close = async () => {
    await app.close();
    await services.database.close();
    process.exit(0);
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);
  await app.listen({ host: config.host, port: config.port });
  app.log.info(
    { database: services.database.dialect, dataDir: config.dataDir },
    `aims listening on http://${config.host}:${config.port}`,
  );
  // Keep running until a signal arrives.
  await new Promise(() => {});
}
