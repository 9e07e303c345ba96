import { describe, expect, it } from 'vitest';
import { silentLogger } from '../app/ports/logger.js';
import { ConfigError, loadApiConfig } from '../config/config.js';
import { createServices } from './create-services.js';

describe('createServices', () => {
  it('refuses to build a deployed API that could verify no token (no JWKS_URL, no local key)', () => {
    const config = loadApiConfig({ TABLE_NAME: 'slimshop' });

    expect(() => createServices(config, { logger: silentLogger })).toThrow(ConfigError);
    expect(() => createServices(config, { logger: silentLogger })).toThrow(/JWKS_URL/);
  });

  it('builds every dependency of the app from configuration alone', () => {
    const config = loadApiConfig({
      TABLE_NAME: 'slimshop',
      JWKS_URL: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_x/.well-known/jwks.json',
      CORS_ORIGINS: 'https://shop.example, https://admin.example',
    });

    const services = createServices(config, { logger: silentLogger });

    expect(Object.keys(services).sort()).toEqual(
      ['catalog', 'corsOrigins', 'idempotency', 'logger', 'repository', 'tokens'].sort(),
    );
    expect(services.corsOrigins).toEqual(['https://shop.example', 'https://admin.example']);
  });
});
