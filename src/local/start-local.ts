import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadOrCreateLocalSigningKey } from '../adapters/auth/local-signing-key.js';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { ensureTable } from '../adapters/dynamodb/table-schema.js';
import type { Logger } from '../app/ports/logger.js';
import { createServices } from '../composition/create-services.js';
import type { LocalConfig } from '../config/config.js';
import { ENV } from '../config/env-names.js';
import { type RunningHttpServer, startHttpServer } from '../entrypoints/http-server.js';
import { createApp } from '../http/app.js';
import { startDynalite } from './dynalite.js';
import { seedDemoCatalog } from './seed-demo.js';

export interface RunningLocal {
  url: string;
  port: number;
  dynamodbEndpoint: string;
  /** Drains the HTTP server, then stops the embedded DynamoDB (so its files are closed cleanly). */
  close(): Promise<void>;
}

/**
 * `npm start`: DynamoDB's API (dynalite) persisted under DATA_DIR, the table, the local signing key,
 * the demo catalog when the table is empty, and the same Hono app the Lambda and the container serve.
 * With DYNAMODB_ENDPOINT set, that DynamoDB (e.g. DynamoDB Local) is used instead of dynalite.
 */
export async function startLocal(config: LocalConfig, logger: Logger): Promise<RunningLocal> {
  const dataDir = resolve(config.dataDir);
  const dynamo = config.dynamodbEndpoint
    ? { endpoint: config.dynamodbEndpoint, close: async () => {} }
    : await startEmbeddedDynamo(join(dataDir, 'dynamodb'), config.dynamodbPort);
  let server: RunningHttpServer | undefined;
  try {
    const apiConfig = { ...config, dynamodbEndpoint: dynamo.endpoint };
    await ensureTable(
      createDocumentClient({ region: config.region, endpoint: dynamo.endpoint }),
      config.tableName,
    );
    const key = await loadOrCreateLocalSigningKey(dataDir);
    const services = createServices(apiConfig, { logger, localTokenKey: key });
    if (config.seedDemo) {
      await seedDemoCatalog({
        catalog: services.catalog,
        isEmpty: () => services.repository.isEmpty(),
        logger,
      });
    }
    server = await startHttpServer({
      fetch: createApp(services).fetch,
      port: config.port,
      shutdownGraceMs: config.shutdownGraceMs,
      logger,
    }).catch((error: unknown) => {
      throw portError(error, ENV.port, config.port);
    });
  } catch (error) {
    await dynamo.close();
    throw error;
  }
  const running = server;
  return {
    url: running.url,
    port: running.port,
    dynamodbEndpoint: dynamo.endpoint,
    close: async () => {
      await running.close();
      await dynamo.close();
    },
  };
}

async function startEmbeddedDynamo(path: string, port: number) {
  await mkdir(path, { recursive: true });
  return startDynalite({ path, port }).catch((error: unknown) => {
    throw portError(error, ENV.dynamodbPort, port);
  });
}

/** "address in use" is the one start-up failure a user meets often: say which variable fixes it. */
function portError(error: unknown, variable: string, port: number): unknown {
  if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') return error;
  return new Error(
    `Port ${port} is already in use: stop the other process or set ${variable} to a free port.`,
    {
      cause: error,
    },
  );
}
