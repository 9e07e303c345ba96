import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  type CfnUserPool,
  type CfnUserPoolClient,
  type CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/**
 * The roles the API checks (admins manage the catalog and stock, customers shop); Cognito puts a user's
 * groups in the `cognito:groups` claim.
 */
export const SHOP_GROUPS = ['admin', 'customer'] as const;
type ShopGroup = (typeof SHOP_GROUPS)[number];

const GROUP_LOGICAL_IDS: Record<ShopGroup, string> = { admin: 'AdminGroup', customer: 'CustomerGroup' };

export interface ShopUsersProps {
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
}

/** Who may call the API: a Cognito user pool, its groups, and one public app client. */
export class ShopUsers extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;

  constructor(scope: Construct, id: string, props: ShopUsersProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      autoVerify: { email: true },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: props.deletionProtection,
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions-COG2',
        reason:
          'Shoppers sign themselves up: MFA is optional (TOTP, no SMS bill) so checkout is not gated on an authenticator app; docs/deploy.md tells admins to enrol.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'The Plus feature plan (threat protection) is billed per monthly active user; Essentials keeps a small shop inside the free tier. Switch featurePlan when the shop has the traffic to attract credential stuffing.',
      },
    );

    // Public client (browser/mobile, no secret): SRP for apps, USER_PASSWORD for the CLI steps in docs/deploy.md.
    this.client = this.userPool.addClient('Client', {
      generateSecret: false,
      disableOAuth: true,
      authFlows: { userSrp: true, userPassword: true },
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });

    // Pinned: a new logical ID would replace the pool and lose every user.
    (this.userPool.node.defaultChild as CfnUserPool).overrideLogicalId('UserPool');
    (this.client.node.defaultChild as CfnUserPoolClient).overrideLogicalId('UserPoolClient');
    for (const groupName of SHOP_GROUPS) {
      const group = this.userPool.addGroup(GROUP_LOGICAL_IDS[groupName], {
        groupName,
        // Lower wins in `cognito:preferred_role`: admin outranks customer.
        precedence: groupName === 'admin' ? 0 : 10,
      });
      (group.node.defaultChild as CfnUserPoolGroup).overrideLogicalId(GROUP_LOGICAL_IDS[groupName]);
    }
  }
}
