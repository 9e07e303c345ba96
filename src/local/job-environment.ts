import { loadLocalConfig } from '../config/config.js';
import { ENV } from '../config/env-names.js';
import { embeddedPostgresUrl, LOCAL_DATABASE } from './postgres-url.js';

type Env = Record<string, string | undefined>;

/**
 * `npm run job` on a laptop talks to what `npm start` runs, read from npm start's own configuration:
 * DynamoDB Local on DYNAMODB_PORT, the local S3 on S3_PORT with its image bucket, the embedded PostgreSQL on
 * POSTGRES_PORT.
 * Whatever the environment already says wins, so the same command also runs against AWS or other servers.
 * The Batch container and the jobs Lambda never get these defaults: an unset endpoint there means AWS.
 */
export function localJobEnvironment(env: Env): Env {
  const local = loadLocalConfig(env);
  const defaults: Env = {
    [ENV.dynamodbEndpoint]: `http://127.0.0.1:${local.dynamodbPort}`,
    [ENV.s3Endpoint]: `http://127.0.0.1:${local.s3Port}`,
    [ENV.imageBucket]: local.images?.bucket,
    ...(local.database.endpoint === undefined
      ? { [ENV.databaseUrl]: embeddedPostgresUrl(local.postgresPort, LOCAL_DATABASE) }
      : {}),
  };
  const given = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  return { ...defaults, ...given };
}
