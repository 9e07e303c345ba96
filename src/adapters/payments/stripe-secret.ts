import { UnavailableError } from '../../domain/shared/errors.js';
import { type CredentialSource, credentialSource } from '../shared/aws-credentials.js';
import { signRequest } from '../shared/sigv4.js';

/** What Stripe needs: the secret key for API calls, the endpoint's signing secret for webhooks. */
export interface StripeKeys {
  secretKey: string;
  webhookSecret: string;
}

export interface StripeSecretOptions {
  /** STRIPE_SECRET_ARN: a Secrets Manager secret holding `{"secretKey": "sk_…", "webhookSecret": "whsec_…"}`. */
  secretArn: string;
  /** Default: the secret's own region, from its ARN. */
  region?: string;
  /** Tests: another Secrets Manager endpoint (a local server); default the regional one. */
  endpoint?: string;
  credentials?: CredentialSource;
}

/**
 * Reads the Stripe keys from Secrets Manager on first use and keeps them for the life of the process (a
 * Lambda environment, a container): one GetSecretValue, signed here (SigV4 over the JSON protocol, as the
 * DynamoDB adapter does), so no SDK client joins the cold start. A failed read is forgotten, so the next
 * payment call tries again; the keys never sit in an environment variable.
 */
export function stripeKeysFromSecret(options: StripeSecretOptions): () => Promise<StripeKeys> {
  const region = options.region ?? options.secretArn.split(':')[3] ?? 'us-east-1';
  const url = new URL(options.endpoint ?? `https://secretsmanager.${region}.amazonaws.com/`);
  const credentials = options.credentials ?? credentialSource();
  let loading: Promise<StripeKeys> | undefined;

  async function read(): Promise<StripeKeys> {
    const body = JSON.stringify({ SecretId: options.secretArn });
    const headers = signRequest({
      method: 'POST',
      url,
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'secretsmanager.GetSecretValue',
      },
      body,
      service: 'secretsmanager',
      region,
      credentials: await credentials(),
      now: new Date(),
    });
    let response: Response;
    try {
      response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(5000) });
    } catch (error) {
      throw unavailable(error);
    }
    const text = await response.text();
    if (response.status >= 500 || response.status === 429) throw unavailable(new Error(text.slice(0, 500)));
    if (response.status !== 200) {
      // Access denied, no such secret: a deployment mistake, not a passing trouble.
      throw new Error(`Reading the Stripe secret failed (${response.status}): ${text.slice(0, 300)}`);
    }
    const secret = JSON.parse(JSON.parse(text).SecretString ?? '{}') as Partial<StripeKeys>;
    if (typeof secret.secretKey !== 'string' || typeof secret.webhookSecret !== 'string') {
      throw new Error('The Stripe secret must be JSON {"secretKey": "sk_…", "webhookSecret": "whsec_…"}.');
    }
    return { secretKey: secret.secretKey, webhookSecret: secret.webhookSecret };
  }

  return () => {
    if (loading) return loading;
    const attempt = read();
    loading = attempt;
    attempt.catch(() => {
      if (loading === attempt) loading = undefined;
    });
    return attempt;
  };
}

function unavailable(cause: unknown): UnavailableError {
  return new UnavailableError('The payment provider is unavailable: retry in a moment.', {
    retryAfterSeconds: 2,
    cause,
  });
}
