import { Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { DatabaseCluster } from 'aws-cdk-lib/aws-rds';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import {
  AwsCustomResource,
  AwsCustomResourcePolicy,
  type AwsSdkCall,
  PhysicalResourceId,
} from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

export interface DatabaseIamUserProps {
  readonly cluster: DatabaseCluster;
  /** The master secret: the Data API runs the SQL as the master user. */
  readonly secret: ISecret;
  readonly database: string;
  readonly masterUser: string;
  readonly user: string;
}

/**
 * The SQL that makes `user` an IAM login the app can own its schema with. Idempotent: it runs again on every
 * change of this statement. `rds_iam` turns password logins off for that role, which is why the app gets a
 * role of its own: the master user keeps its password for the rotation function and the Data API. The
 * master is made a member so operators (Query Editor, `aws rds-data`) can read and fix the app's tables.
 */
export function iamUserSql({ database, masterUser, user }: Omit<DatabaseIamUserProps, 'cluster' | 'secret'>) {
  const identifier = /^[a-z_][a-z0-9_]*$/;
  for (const name of [database, masterUser, user]) {
    // Interpolated into SQL below: only plain identifiers, never anything that needs quoting.
    if (!identifier.test(name)) throw new Error(`not a plain PostgreSQL identifier: ${JSON.stringify(name)}`);
  }
  return [
    'DO $$ BEGIN',
    `IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${user}') THEN CREATE ROLE ${user} LOGIN; END IF;`,
    `GRANT rds_iam TO ${user};`,
    `GRANT CONNECT, TEMPORARY ON DATABASE ${database} TO ${user};`,
    `GRANT USAGE, CREATE ON SCHEMA public TO ${user};`,
    `GRANT ${user} TO ${masterUser} WITH INHERIT TRUE, SET TRUE;`,
    'END $$',
  ].join(' ');
}

/**
 * Creates the app's IAM-authenticated database role at deploy time, through the RDS Data API (no function
 * in the VPC, no password outside Secrets Manager). Needed only without RDS Proxy: the proxy logs in with
 * the master secret itself and checks IAM tokens at its own door.
 */
export class DatabaseIamUser extends Construct {
  readonly user: string;

  constructor(scope: Construct, id: string, props: DatabaseIamUserProps) {
    super(scope, id);
    this.user = props.user;
    const call: AwsSdkCall = {
      service: 'RDSData',
      action: 'executeStatement',
      parameters: {
        resourceArn: props.cluster.clusterArn,
        secretArn: props.secret.secretArn,
        database: props.database,
        sql: iamUserSql(props),
      },
      physicalResourceId: PhysicalResourceId.of(`${props.database}/${props.user}`),
    };
    const resource = new AwsCustomResource(this, 'Resource', {
      onCreate: call,
      onUpdate: call,
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({
          actions: ['rds-data:ExecuteStatement'],
          resources: [props.cluster.clusterArn],
        }),
      ]),
      installLatestAwsSdk: false,
    });
    props.secret.grantRead(resource);
    // The Data API needs a running writer: wait for the cluster's instances, not just the cluster.
    resource.node.addDependency(props.cluster);
    acknowledgeSharedFunction(Stack.of(this));
  }
}

/** CDK's one function behind every AwsCustomResource of a stack (a singleton with this fixed id). */
const SHARED_FUNCTION_ID = 'AWS679f53fac002430cb0da5b7982bd2287';

function acknowledgeSharedFunction(stack: Stack): void {
  const shared = stack.node.tryFindChild(SHARED_FUNCTION_ID);
  if (!shared)
    throw new Error(`AwsCustomResource's function ${SHARED_FUNCTION_ID} not found: CDK renamed it`);
  Validations.of(shared).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason:
      "CDK's custom-resource function writes only its own logs with the AWS-maintained basic execution policy.",
  });
}
