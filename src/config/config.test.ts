import { describe, expect, it } from 'vitest';
import { ConfigError, loadApiConfig, loadLocalConfig, loadServerConfig } from './config.js';
import { loadMetricsConfig } from './metrics-config.js';

const JWKS = { JWKS_URL: 'https://issuer.example/.well-known/jwks.json' };
const URL_ENV = { ...JWKS, DATABASE_URL: 'postgres://shop:secret@db.example:6543/shop' };

/** The ConfigError a load throws, so a test can check which variable it names. */
function failure(load: () => unknown): ConfigError {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('database configuration', () => {
  it('takes DATABASE_URL as it is, with pool 10 and migrations at start by default', () => {
    expect(loadApiConfig(URL_ENV).database).toEqual({
      endpoint: { connectionString: 'postgres://shop:secret@db.example:6543/shop' },
      iamAuth: false,
      poolMax: 10,
      migrateOnStart: true,
    });
  });

  it('takes the parts the CDK app sets: host, port 5432 by default, name, user, IAM auth', () => {
    const config = loadApiConfig({
      ...JWKS,
      DATABASE_HOST: 'proxy.example',
      DATABASE_NAME: 'slimshop',
      DATABASE_USER: 'slimshop',
      DATABASE_IAM_AUTH: 'true',
      DATABASE_POOL_MAX: '1',
      MIGRATE_ON_START: 'false',
    });

    expect(config.database).toEqual({
      endpoint: { host: 'proxy.example', port: 5432, database: 'slimshop', user: 'slimshop' },
      iamAuth: true,
      poolMax: 1,
      migrateOnStart: false,
    });
  });

  it('lets the Lambda entrypoint default the pool to 1 connection; DATABASE_POOL_MAX still wins', () => {
    expect(loadApiConfig(URL_ENV, { poolMax: 1 }).database.poolMax).toBe(1);
    expect(loadApiConfig({ ...URL_ENV, DATABASE_POOL_MAX: '3' }, { poolMax: 1 }).database.poolMax).toBe(3);
  });

  it('is required by the API and the container: the error names DATABASE_URL', () => {
    expect(failure(() => loadApiConfig(JWKS)).variable).toBe('DATABASE_URL');
    expect(failure(() => loadServerConfig(JWKS)).message).toMatch(/DATABASE_URL .*required.*DATABASE_HOST/);
  });

  it.each([
    ['DATABASE_NAME', { DATABASE_HOST: 'h', DATABASE_USER: 'u' }],
    ['DATABASE_USER', { DATABASE_HOST: 'h', DATABASE_NAME: 'n' }],
    ['DATABASE_PORT', { DATABASE_HOST: 'h', DATABASE_NAME: 'n', DATABASE_USER: 'u', DATABASE_PORT: '0' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://u@h/db' }],
    ['DATABASE_URL', { DATABASE_URL: 'postgres://u@h' }],
    ['DATABASE_URL', { DATABASE_URL: 'shop on db.example' }],
    ['DATABASE_IAM_AUTH', { DATABASE_URL: 'postgres://u@h/db', DATABASE_IAM_AUTH: 'yes' }],
    ['DATABASE_POOL_MAX', { DATABASE_URL: 'postgres://u@h/db', DATABASE_POOL_MAX: '0' }],
    ['MIGRATE_ON_START', { DATABASE_URL: 'postgres://u@h/db', MIGRATE_ON_START: 'maybe' }],
  ])('names %s when it is missing or invalid', (variable, env) => {
    expect(failure(() => loadApiConfig({ ...JWKS, ...env })).variable).toBe(variable);
  });
});

describe('local configuration (npm start)', () => {
  it('needs no database settings (it runs its own PostgreSQL) and defaults POSTGRES_PORT to 5432', () => {
    const config = loadLocalConfig({});

    expect(config.database).toEqual({
      endpoint: undefined,
      iamAuth: false,
      poolMax: 10,
      migrateOnStart: true,
    });
    expect(config.postgresPort).toBe(5432);
  });

  it('uses DATABASE_URL instead when it is set', () => {
    const config = loadLocalConfig({
      DATABASE_URL: 'postgres://u:p@127.0.0.1:5433/shop',
      POSTGRES_PORT: '6000',
    });

    expect(config.database.endpoint).toEqual({ connectionString: 'postgres://u:p@127.0.0.1:5433/shop' });
    expect(config.postgresPort).toBe(6000);
  });

  it('names POSTGRES_PORT when it is not a port', () => {
    expect(failure(() => loadLocalConfig({ POSTGRES_PORT: 'x' })).variable).toBe('POSTGRES_PORT');
  });
});

describe('the address the HTTP server listens on (HOST)', () => {
  it('is loopback for npm start and every interface in the container, unless HOST says otherwise', () => {
    expect(loadLocalConfig({}).host).toBe('127.0.0.1');
    expect(loadServerConfig(URL_ENV).host).toBe('0.0.0.0');
    expect(loadLocalConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadServerConfig({ ...URL_ENV, HOST: '::' }).host).toBe('::');
  });

  it('names HOST when it is not a host', () => {
    expect(failure(() => loadLocalConfig({ HOST: 'http://example.com' })).variable).toBe('HOST');
    expect(failure(() => loadLocalConfig({ HOST: 'my host' })).message).toMatch(/HOST .*host name or an IP/);
  });
});

describe('metrics (LOG_METRICS, STAGE)', () => {
  it('writes metric lines by default, with stage local; LOG_METRICS=false turns them off', () => {
    expect(loadMetricsConfig({})).toEqual({ enabled: true, stage: 'local' });
    expect(loadMetricsConfig({ LOG_METRICS: 'false', STAGE: 'prod' })).toEqual({
      enabled: false,
      stage: 'prod',
    });
  });

  it('names LOG_METRICS when it is no boolean', () => {
    const error = (() => {
      try {
        loadMetricsConfig({ LOG_METRICS: 'off' });
      } catch (thrown) {
        return thrown as Error & { variable?: string };
      }
      throw new Error('expected LOG_METRICS=off to be refused');
    })();
    expect(error.variable).toBe('LOG_METRICS');
    expect(error.message).toMatch(/^Invalid configuration: LOG_METRICS is invalid/);
  });
});

describe('token audience (JWT_AUDIENCE)', () => {
  const DB = { DATABASE_URL: 'postgres://u:p@localhost:5432/shop' };
  it('takes one app client id or several, comma-separated (the shop app and the admin console)', () => {
    expect(loadApiConfig(DB).auth.audience).toBeUndefined();
    expect(loadApiConfig({ ...DB, JWT_AUDIENCE: 'app' }).auth.audience).toEqual(['app']);
    expect(loadApiConfig({ ...DB, JWT_AUDIENCE: 'app, console,' }).auth.audience).toEqual(['app', 'console']);
  });
});
