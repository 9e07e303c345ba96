import { ENV } from '../config/env-names.js';
import { embeddedPostgresUrl } from './postgres.js';

type Env = Record<string, string | undefined>;

// npm start's defaults (src/config/config.ts loadLocalConfig): the same ports and bucket.
const DEFAULT_PORTS = { dynamodb: '8000', s3: '4568', postgres: '5432' };
const LOCAL_IMAGE_BUCKET = 'slimshop-images';

/**
 * `npm run job` on a laptop talks to what `npm start` runs: dynalite on DYNAMODB_PORT, the local S3 on
 * S3_PORT with its image bucket, the embedded PostgreSQL on POSTGRES_PORT. Whatever the environment already
 * says wins, so the same command also runs against AWS or other servers. The Batch container and the jobs
 * Lambda never get these defaults: an unset endpoint there means AWS.
 */
export function localJobEnvironment(env: Env): Env {
  const port = (name: string, fallback: string) => env[name] || fallback;
  const defaults: Env = {
    [ENV.dynamodbEndpoint]: `http://127.0.0.1:${port(ENV.dynamodbPort, DEFAULT_PORTS.dynamodb)}`,
    [ENV.s3Endpoint]: `http://127.0.0.1:${port(ENV.s3Port, DEFAULT_PORTS.s3)}`,
    [ENV.imageBucket]: LOCAL_IMAGE_BUCKET,
    ...(env[ENV.databaseHost]
      ? {}
      : {
          [ENV.databaseUrl]: embeddedPostgresUrl(
            Number(port(ENV.postgresPort, DEFAULT_PORTS.postgres)),
            'slimshop',
          ),
        }),
  };
  const given = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  return { ...defaults, ...given };
}
