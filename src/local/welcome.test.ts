import { describe, expect, it } from 'vitest';
import { welcomeText } from './welcome.js';

const stack = {
  url: 'http://localhost:3000',
  dynamodbEndpoint: 'http://localhost:8000',
  tableName: 'slimshop',
  postgres: 'postgres://postgres@127.0.0.1:5432/slimshop',
  s3Endpoint: 'http://127.0.0.1:4568',
};
const banner = welcomeText({ ...stack, mailUi: 'http://127.0.0.1:1080' });

describe('the npm start banner', () => {
  it('names every page the server has: the docs, the OpenAPI document and the advisor', () => {
    expect(banner).toContain('http://localhost:3000/docs');
    expect(banner).toContain('http://localhost:3000/openapi.json');
    expect(banner).toMatch(/^Cost advisor +http:\/\/localhost:3000\/advisor/m);
  });

  it("names MailDev's web UI, where the emails land, and leaves the line out without MailDev (SMTP_URL)", () => {
    expect(banner).toMatch(/^Emails \(MailDev\) http:\/\/127\.0\.0\.1:1080 /m);
    expect(welcomeText(stack)).not.toContain('MailDev');
  });

  it('says how to get a token and how to stop', () => {
    expect(banner).toContain('npm run -s token -- --role admin');
    expect(banner).toMatch(/Ctrl-C/);
  });

  it("prints the admin console's sign-in link when it has a token, and no link without one", () => {
    const withLink = welcomeText({ ...stack, adminToken: 'aaa.bbb.ccc' });
    expect(withLink).toMatch(/^Admin console +http:\/\/localhost:3000\/admin\/#token=aaa\.bbb\.ccc$/m);
    expect(withLink).toContain('npm run build');
    expect(banner).not.toContain('#token=');
  });
});
