import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadOrCreateLocalSigningKey } from '../adapters/auth/local-signing-key.js';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { ensureTable } from '../adapters/dynamodb/table-schema.js';
import type { Logger } from '../app/ports/logger.js';
import { createServices, type Services } from '../composition/create-services.js';
import { ConfigError, type LocalConfig } from '../config/config.js';
import { ENV } from '../config/env-names.js';
import { startDynalite } from './dynalite.js';
import { seedDemoCatalog } from './seed-demo.js';

export interface LocalStack {
  services: Services;
  dynamodbEndpoint: string;
  /** Stops the embedded DynamoDB (closing its files cleanly); call after the HTTP server has drained. */
  close(): Promise<void>;
}

/**
 * What `npm start` runs besides the HTTP server: DynamoDB's API (dynalite) persisted under DATA_DIR, the
 * table, the local signing key, and the demo catalog when the table is empty. With DYNAMODB_ENDPOINT set,
 * that DynamoDB (e.g. DynamoDB Local) is used instead of dynalite.
 */
export async function startLocalStack(config: LocalConfig, logger: Logger): Promise<LocalStack> {
  const dataDir = resolve(config.dataDir);
  const dynamo = config.dynamodbEndpoint
    ? { endpoint: config.dynamodbEndpoint, close: async () => {} }
    : await startEmbeddedDynamo(join(dataDir, 'dynamodb'), config.dynamodbPort);
  try {
    await ensureTable(
      createDocumentClient({ region: config.region, endpoint: dynamo.endpoint }),
      config.tableName,
    );
    const key = await loadOrCreateLocalSigningKey(dataDir);
    const services = createServices(
      { ...config, dynamodbEndpoint: dynamo.endpoint },
      { logger, localTokenKey: key },
    );
    if (config.seedDemo) {
      await seedDemoCatalog({
        catalog: services.catalog,
        isEmpty: () => services.repository.isEmpty(),
        logger,
      });
    }
    return { services, dynamodbEndpoint: dynamo.endpoint, close: dynamo.close };
  } catch (error) {
    await dynamo.close();
    throw error;
  }
}

async function startEmbeddedDynamo(path: string, port: number) {
  await mkdir(path, { recursive: true });
  return startDynalite({ path, port }).catch((error: unknown) => {
    throw explainPortInUse(error, ENV.dynamodbPort, port);
  });
}

/**
 * "address in use" is the one start-up failure a user meets often: as a ConfigError it names the variable
 * that fixes it and is printed without a stack.
 */
export function explainPortInUse(error: unknown, variable: string, port: number): unknown {
  if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') return error;
  return new ConfigError(variable, `${port} is already in use: stop the other process or choose a free port`);
}
