import { describe, expect, it } from 'vitest';
import { ConfigError, loadApiConfig, loadJobConfig, loadLocalConfig } from './config.js';

const DB = { DATABASE_URL: 'postgres://u:p@localhost:5432/shop' };
const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:stripe-AbCdEf';

function configError(load: () => unknown): ConfigError {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('no ConfigError');
}

describe('payment settings', () => {
  it('takes Stripe when STRIPE_SECRET_KEY is set, and then needs the webhook secret (API) but not in a job', () => {
    const stripe = { ...DB, STRIPE_SECRET_KEY: 'sk_test_1', STRIPE_WEBHOOK_SECRET: 'whsec_1' };
    expect(loadApiConfig(stripe).payments).toEqual({
      provider: { name: 'stripe', secretKey: 'sk_test_1', webhookSecret: 'whsec_1' },
      timeoutMinutes: 30,
    });
    expect(configError(() => loadApiConfig({ ...DB, STRIPE_SECRET_KEY: 'sk_test_1' })).variable).toBe(
      'STRIPE_WEBHOOK_SECRET',
    );
    expect(loadJobConfig({ ...DB, STRIPE_SECRET_KEY: 'sk_test_1' }).payments?.provider).toEqual({
      name: 'stripe',
      secretKey: 'sk_test_1',
    });
    expect(configError(() => loadApiConfig({ ...stripe, STRIPE_SECRET_KEY: 'pk_test_1' })).variable).toBe(
      'STRIPE_SECRET_KEY',
    );
  });

  it('takes the keys from STRIPE_SECRET_ARN as the CDK app sets it (PAYMENT_PROVIDER=stripe, no key in the environment)', () => {
    const aws = { ...DB, PAYMENT_PROVIDER: 'stripe', STRIPE_SECRET_ARN: ARN };
    expect(loadApiConfig(aws).payments?.provider).toEqual({ name: 'stripe', secretArn: ARN });
    expect(loadJobConfig(aws).payments?.provider).toEqual({ name: 'stripe', secretArn: ARN });
    expect(configError(() => loadApiConfig({ ...DB, PAYMENT_PROVIDER: 'stripe' })).variable).toBe(
      'STRIPE_SECRET_KEY',
    );
  });

  it('refuses the test provider on Lambda and in the container unless ALLOW_TEST_PAYMENTS=true; npm start takes it by default', () => {
    const refused = configError(() => loadApiConfig({ ...DB, PAYMENT_PROVIDER: 'test' }));
    expect(refused.variable).toBe('PAYMENT_PROVIDER');
    expect(refused.message).toContain('ALLOW_TEST_PAYMENTS=true');
    expect(
      loadApiConfig({ ...DB, PAYMENT_PROVIDER: 'test', ALLOW_TEST_PAYMENTS: 'true' }).payments?.provider,
    ).toEqual({ name: 'test' });
    // Neither set on a deployment: no provider (no payment routes), not the test one.
    expect(loadApiConfig(DB).payments).toEqual({ timeoutMinutes: 30 });
    expect(loadLocalConfig({}).payments).toEqual({ provider: { name: 'test' }, timeoutMinutes: 30 });
  });

  it('reads PAYMENT_TIMEOUT_MINUTES as whole minutes from 1', () => {
    expect(loadLocalConfig({ PAYMENT_TIMEOUT_MINUTES: '5' }).payments?.timeoutMinutes).toBe(5);
    expect(configError(() => loadLocalConfig({ PAYMENT_TIMEOUT_MINUTES: '0' })).variable).toBe(
      'PAYMENT_TIMEOUT_MINUTES',
    );
  });
});
