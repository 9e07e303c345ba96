import { type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { type CfnSecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, type IConstruct } from 'constructs';
import { ENV } from '../../../src/config/env-names.js';

/** The JSON keys of the secret (STRIPE_SECRET_ARN in src/config/env-names.ts). */
export const STRIPE_SECRET_FIELDS = { secretKey: 'secretKey', webhookSecret: 'webhookSecret' } as const;

/** Pinned: a new logical id would make CloudFormation replace the secret, and the values operators put in. */
export const STRIPE_SECRET_LOGICAL_ID = 'StripeSecret';

export interface StripeSecretProps {
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The Stripe secret key and webhook signing secret, as one Secrets Manager secret holding JSON
 * `{"secretKey": "sk_…", "webhookSecret": "whsec_…"}`. It lives in the data stack: operators write the
 * real values into it by hand (docs/deploy.md), and those must survive anything that happens to the API
 * stack (destroying it, switching `-c compute=`). CloudFormation creates it with placeholders that no
 * Stripe call accepts; the app reads it at first use and caches it.
 */
export class StripeSecret extends Construct {
  readonly secret: Secret;

  constructor(scope: Construct, id: string, props: StripeSecretProps) {
    super(scope, id);
    this.secret = new Secret(this, 'Secret', {
      description:
        'Slimshop: Stripe secret key and webhook signing secret, JSON {"secretKey": "sk_…", "webhookSecret": "whsec_…"}; replace the placeholders',
      removalPolicy: props.removalPolicy,
      // A generated field only because CloudFormation must write something: the two placeholders mark the
      // secret as not yet filled in, and Stripe rejects them.
      generateSecretString: {
        secretStringTemplate: JSON.stringify({
          [STRIPE_SECRET_FIELDS.secretKey]: 'sk_placeholder_replace_me',
          [STRIPE_SECRET_FIELDS.webhookSecret]: 'whsec_placeholder_replace_me',
        }),
        generateStringKey: 'placeholder',
        excludePunctuation: true,
      },
    });
    (this.secret.node.defaultChild as CfnSecret).overrideLogicalId(STRIPE_SECRET_LOGICAL_ID);
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Stripe issues and rolls these keys in its own dashboard; no rotation function can create a Stripe key, so operators replace the value when they roll it.',
    });
  }
}

/** What the API and the jobs read to reach Stripe: the provider and where its keys are. */
export function paymentsEnvironment(secretArn: string): Record<string, string> {
  return { [ENV.paymentProvider]: 'stripe', [ENV.stripeSecretArn]: secretArn };
}

/** `secretsmanager:GetSecretValue` on the Stripe secret only (its complete ARN), nothing else. */
export function grantStripeSecret(grantee: IGrantable & IConstruct, secretArn: string): Grant {
  return Grant.addToPrincipal({
    grantee,
    actions: ['secretsmanager:GetSecretValue'],
    resourceArns: [secretArn],
  });
}
