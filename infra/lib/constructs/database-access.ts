import { type IConnectable, Port } from 'aws-cdk-lib/aws-ec2';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type { DatabaseProxy } from 'aws-cdk-lib/aws-rds';
import { ENV } from '../../../src/config/env-names.js';

/** What an API stack needs to reach PostgreSQL: the proxy and the login the app signs IAM tokens for. */
export interface DatabaseEndpoint {
  readonly proxy: DatabaseProxy;
  readonly host: string;
  readonly port: number;
  readonly name: string;
  readonly user: string;
}

/**
 * Lets one API runtime reach the database: its security group may open 5432 to the proxy's, and its role
 * may sign IAM tokens (`rds-db:connect`) for the app's user on this proxy only. Called from the API stack,
 * so CDK writes the proxy's ingress rule there and the data stack never depends on an API stack.
 */
export function admitToDatabase(database: DatabaseEndpoint, compute: IConnectable, role: IGrantable): void {
  compute.connections.allowTo(database.proxy, Port.tcp(database.port), 'the API to the database proxy');
  database.proxy.grantConnect(role, database.user);
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
