import { ArnFormat, Stack } from 'aws-cdk-lib';
import { type IConnectable, Port } from 'aws-cdk-lib/aws-ec2';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { ENV } from '../../../src/config/env-names.js';

/**
 * What an API stack needs to reach PostgreSQL: where to connect (the RDS Proxy, or the cluster's writer when
 * the stage has no proxy) and the login the app signs IAM tokens for.
 */
export interface DatabaseEndpoint {
  /** What the API's security group opens 5432 to: the proxy's group, or the cluster's. */
  readonly target: IConnectable;
  readonly host: string;
  readonly port: number;
  readonly name: string;
  readonly user: string;
  /** Lets a role sign IAM tokens (`rds-db:connect`) for `user` on this proxy or cluster only. */
  readonly grantConnect: (grantee: IGrantable & IConstruct) => Grant;
  /**
   * The server certificate the client meets: RDS Proxy presents a public ACM certificate (Node's own CAs
   * verify it); the cluster presents one signed by the RDS CA, which Node does not trust by default.
   */
  readonly certificate: 'public' | 'rds-ca';
}

/**
 * Lets one API runtime reach the database: its security group may open 5432 to the proxy's (or the
 * cluster's), and its role may sign IAM tokens for the app's user there only. Called from the API stack, so
 * CDK writes the ingress rule there and the data stack never depends on an API stack.
 */
export function admitToDatabase(
  database: DatabaseEndpoint,
  compute: IConnectable,
  role: IGrantable & IConstruct,
  who = 'the API',
): void {
  compute.connections.allowTo(database.target, Port.tcp(database.port), `${who} to the database`);
  database.grantConnect(role);
}

/**
 * `rds-db:connect` as `user` on one proxy or cluster, named by its resource id (`prx-...`, `cluster-...`),
 * written in the grantee's stack. The id must arrive there whole: a value another stack publishes may sit in
 * this Fn::Join, but not in a Fn::Split (constructs/published-value.ts).
 */
export function grantDatabaseConnect(
  grantee: IGrantable & IConstruct,
  resourceId: string,
  user: string,
): Grant {
  const userArn = Stack.of(grantee).formatArn({
    service: 'rds-db',
    resource: 'dbuser',
    resourceName: `${resourceId}/${user}`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  return Grant.addToPrincipal({ grantee, actions: ['rds-db:connect'], resourceArns: [userArn] });
}

/**
 * The database part of the app's environment (src/config/env-names.ts). No password anywhere: the app signs
 * a short-lived IAM token as DATABASE_USER. Migrations run at start under the app's advisory lock
 * (docs/adr/0002-migrations-in-aws.md).
 */
export function databaseEnvironment(database: DatabaseEndpoint, poolMax: number): Record<string, string> {
  return {
    [ENV.databaseHost]: database.host,
    [ENV.databasePort]: String(database.port),
    [ENV.databaseName]: database.name,
    [ENV.databaseUser]: database.user,
    [ENV.databaseIamAuth]: 'true',
    [ENV.databasePoolMax]: String(poolMax),
    [ENV.migrateOnStart]: 'true',
  };
}

/** Every Amazon CA, the RDS CAs included, as the Lambda Node.js 20+ runtimes ship them (not loaded by default). */
export const LAMBDA_CA_BUNDLE = '/var/runtime/ca-cert.pem';

/** AWS's global RDS CA bundle, which the Dockerfile puts into the API and job images. */
export const CONTAINER_CA_BUNDLE = '/etc/ssl/certs/rds-global-bundle.pem';

/**
 * Node's variable for extra trusted CAs (Node's, not the app's: not in env-names.ts). Set only where the
 * client meets the RDS CA, since loading a bundle costs every cold start a few milliseconds.
 */
export const EXTRA_CA_CERTS_VARIABLE = 'NODE_EXTRA_CA_CERTS';

/**
 * The RDS CA bundle a runtime already carries, as NODE_EXTRA_CA_CERTS: Lambda's Node.js 20+ runtimes ship
 * every Amazon CA, RDS included, in `/var/runtime/ca-cert.pem` but no longer load it by default; the
 * container image adds AWS's global RDS bundle (Dockerfile).
 */
export function certificateEnvironment(
  database: DatabaseEndpoint,
  bundlePath: string,
): Record<string, string> {
  return database.certificate === 'rds-ca' ? { [EXTRA_CA_CERTS_VARIABLE]: bundlePath } : {};
}
