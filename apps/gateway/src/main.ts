import 'reflect-metadata';
import { exitAfterGrace, exitOnConfigError, GatewayConfig, loadConfig } from '@permits/config';
import { keepConnectionsAlive } from '@permits/http';
import { createGateway } from './http';

/** The portal's front door on PORT: routes to the services, composes cross-service reads, limits rates. */
async function main(): Promise<void> {
  const config = exitOnConfigError(() => loadConfig(GatewayConfig));
  const app = await createGateway(config);
  app.enableShutdownHooks();
  exitAfterGrace(config);
  await app.listen(config.PORT, '0.0.0.0');
  keepConnectionsAlive(app.getHttpServer());
}

void main();
