import { describe, expect, it } from 'vitest';
import { silentLogger } from '../app/ports/logger.js';
import { ConfigError, loadApiConfig } from '../config/config.js';
import { UnavailableError } from '../domain/shared/errors.js';
import { createServices } from './create-services.js';

// Port 9 (discard) on loopback: nothing listens, so a connection attempt is refused at once.
const UNREACHABLE_DATABASE = 'postgres://shop:secret@127.0.0.1:9/shop';

describe('createServices', () => {
  it('refuses to build a deployed API that could verify no token (no JWKS_URL, no local key)', () => {
    const config = loadApiConfig({ TABLE_NAME: 'slimshop', DATABASE_URL: UNREACHABLE_DATABASE });

    expect(() => createServices(config, { logger: silentLogger })).toThrow(ConfigError);
    expect(() => createServices(config, { logger: silentLogger })).toThrow(/JWKS_URL/);
  });

  // That these services work against real stores (DynamoDB, PostgreSQL, a JWKS) is shown through the
  // runtimes that call createServices: test/e2e/lambda-handler.test.ts and test/e2e/local-runtime.test.ts.
  it('returns every service the app and the runtimes read, and the configured CORS origins', () => {
    const config = loadApiConfig({
      TABLE_NAME: 'slimshop',
      JWKS_URL: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_x/.well-known/jwks.json',
      CORS_ORIGINS: 'https://shop.example, https://admin.example',
      DATABASE_URL: UNREACHABLE_DATABASE,
    });

    const services = createServices(config, { logger: silentLogger });

    expect(Object.keys(services).sort()).toEqual(
      [
        'catalog',
        'checkoutSettings',
        'closeJobs',
        'corsOrigins',
        'database',
        'events',
        'idempotency',
        'jobs',
        // Without AWS runners jobs run in local processes on DATA_DIR/jobs, whose files move through links.
        'jobFiles',
        'signedJobFiles',
        'logger',
        'ordering',
        'orderEvents',
        'repository',
        'tokens',
      ].sort(),
    );
    expect(services.corsOrigins).toEqual(['https://shop.example', 'https://admin.example']);
  });

  it('opens no database connection until one is needed; an unreachable database is a retryable 503, every time', async () => {
    const config = loadApiConfig({
      JWKS_URL: 'https://issuer.example/.well-known/jwks.json',
      DATABASE_URL: UNREACHABLE_DATABASE,
    });
    const services = createServices(config, { logger: silentLogger, runtime: 'lambda' });

    // Building the services succeeded although nothing listens: no connection at INIT.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const failure = await services.database.inventory.get('p-1').catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(UnavailableError);
      expect((failure as UnavailableError).retryAfterSeconds).toBeGreaterThan(0);
      expect((failure as Error).message).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
    }
    // Servers call prepare() before listening: it fails with the driver's reason, for the operator.
    await expect(services.database.prepare()).rejects.toThrow(/ECONNREFUSED/);
    await services.database.close();
  });
});
