import { describe, expect, it } from 'vitest';
import { ConfigError, loadEmailWorkerConfig, loadLocalConfig } from './config.js';

const DATABASE = { DATABASE_HOST: 'proxy.example', DATABASE_NAME: 'slimshop', DATABASE_USER: 'slimshop' };

function failure(load: () => unknown): ConfigError {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('order email configuration', () => {
  it('the email Lambda: SES from MAIL_FROM, one database connection, migrations as the API', () => {
    expect(
      loadEmailWorkerConfig({ ...DATABASE, MAIL_FROM: 'shop@example.com', AWS_REGION: 'eu-west-1' }),
    ).toEqual({
      database: {
        endpoint: { host: 'proxy.example', port: 5432, database: 'slimshop', user: 'slimshop' },
        iamAuth: false,
        poolMax: 1,
        migrateOnStart: true,
      },
      region: 'eu-west-1',
      logLevel: 'info',
      mail: { from: 'shop@example.com' },
    });
  });

  it('the email Lambda needs MAIL_FROM and a database, naming what is missing', () => {
    expect(failure(() => loadEmailWorkerConfig(DATABASE)).variable).toBe('MAIL_FROM');
    expect(failure(() => loadEmailWorkerConfig({ MAIL_FROM: 'shop@example.com' })).variable).toBe(
      'DATABASE_URL',
    );
  });

  it('takes an address or a name with an address as MAIL_FROM, nothing else', () => {
    for (const from of [
      'shop@example.com',
      'Slimshop <shop@example.com>',
      '"Shop, Inc." <a.b@shop.example>',
    ]) {
      expect(loadEmailWorkerConfig({ ...DATABASE, MAIL_FROM: from }).mail.from).toBe(from);
    }
    for (const from of ['shop', 'shop@localhost', 'Slimshop', 'Slimshop <shop>', 'a@b.c\nBcc: x@y.z']) {
      expect(failure(() => loadEmailWorkerConfig({ ...DATABASE, MAIL_FROM: from })).variable).toBe(
        'MAIL_FROM',
      );
    }
  });

  it('SMTP_URL is smtp:// or smtps://', () => {
    const env = { ...DATABASE, MAIL_FROM: 'shop@example.com' };
    expect(loadEmailWorkerConfig({ ...env, SMTP_URL: 'smtps://u:p@mail.example:465' }).mail).toEqual({
      from: 'shop@example.com',
      smtpUrl: 'smtps://u:p@mail.example:465',
    });
    expect(failure(() => loadEmailWorkerConfig({ ...env, SMTP_URL: 'http://mail.example' })).variable).toBe(
      'SMTP_URL',
    );
  });

  it('npm start: MailDev on 1025 and 1080 from Slimshop <shop@example.com>; ports may be 0 (a free one)', () => {
    expect(loadLocalConfig({}).mail).toEqual({
      from: 'Slimshop <shop@example.com>',
      smtpPort: 1025,
      uiPort: 1080,
    });
    expect(loadLocalConfig({ SMTP_PORT: '0', MAIL_UI_PORT: '0' }).mail).toMatchObject({
      smtpPort: 0,
      uiPort: 0,
    });
    expect(failure(() => loadLocalConfig({ MAIL_UI_PORT: '70000' })).variable).toBe('MAIL_UI_PORT');
  });
});
