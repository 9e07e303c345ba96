import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The client every DynamoDB adapter receives (through `Table`); build it only with createDocumentClient. */
export type DocumentClient = DynamoDBDocumentClient;

export interface DocumentClientOptions {
  region: string;
  /** Only for local stand-ins (dynalite, DynamoDB Local); absent = the regional AWS endpoint. */
  endpoint?: string;
}

// A request to DynamoDB answers in milliseconds; waiting longer only holds a Lambda or a socket hostage.
// Three attempts with the SDK's standard jittered backoff stay well inside API Gateway's 29 s limit.
const CONNECTION_TIMEOUT_MS = 1_000;
const REQUEST_TIMEOUT_MS = 3_000;
const MAX_ATTEMPTS = 3;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The one DocumentClient the DynamoDB adapters use. Local stand-ins check no signatures, yet the SDK refuses
 * to send a request without credentials, so a loopback endpoint gets fixed dummy ones: `npm start` works on
 * a machine with no AWS configuration, and real credentials are never sent to a stand-in.
 */
export function createDocumentClient(options: DocumentClientOptions): DynamoDBDocumentClient {
  const local = options.endpoint !== undefined && LOOPBACK_HOSTS.has(new URL(options.endpoint).hostname);
  const client = new DynamoDBClient({
    region: options.region,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(local ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    maxAttempts: MAX_ATTEMPTS,
    requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}
