import type {
  CreateTableInput,
  DescribeTableInput,
  DescribeTableOutput,
  DescribeTimeToLiveInput,
  DescribeTimeToLiveOutput,
  UpdateTimeToLiveInput,
  UpdateTimeToLiveOutput,
} from '@aws-sdk/client-dynamodb';
import type {
  BatchGetCommandInput,
  BatchGetCommandOutput,
  BatchWriteCommandInput,
  BatchWriteCommandOutput,
  DeleteCommandInput,
  DeleteCommandOutput,
  GetCommandInput,
  GetCommandOutput,
  PutCommandInput,
  PutCommandOutput,
  QueryCommandInput,
  QueryCommandOutput,
  ScanCommandInput,
  ScanCommandOutput,
  TransactWriteCommandInput,
  TransactWriteCommandOutput,
  UpdateCommandInput,
  UpdateCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { traceCall } from '../../observability/xray-trace.js';
import { credentialSource } from '../shared/aws-credentials.js';
import { createDynamoHttp, DynamoDBServiceError } from './dynamodb-http.js';
import { fromWire, plainErrorDetails, toWire } from './wire-values.js';

type Answer<T> = Omit<T, '$metadata'>;

/** The operations the adapters use, with the DocumentClient's shapes: plain JS values, not AttributeValues. */
export interface Operations {
  GetItem: [GetCommandInput, Answer<GetCommandOutput>];
  PutItem: [PutCommandInput, Answer<PutCommandOutput>];
  UpdateItem: [UpdateCommandInput, Answer<UpdateCommandOutput>];
  DeleteItem: [DeleteCommandInput, Answer<DeleteCommandOutput>];
  Query: [QueryCommandInput, Answer<QueryCommandOutput>];
  /** Whole-table reads: bulk jobs and tests only, never a request path. */
  Scan: [ScanCommandInput, Answer<ScanCommandOutput>];
  BatchGetItem: [BatchGetCommandInput, Answer<BatchGetCommandOutput>];
  BatchWriteItem: [BatchWriteCommandInput, Answer<BatchWriteCommandOutput>];
  TransactWriteItems: [TransactWriteCommandInput, Answer<TransactWriteCommandOutput>];
  CreateTable: [CreateTableInput, Record<string, unknown>];
  DescribeTable: [DescribeTableInput, DescribeTableOutput];
  UpdateTimeToLive: [UpdateTimeToLiveInput, Answer<UpdateTimeToLiveOutput>];
  DescribeTimeToLive: [DescribeTimeToLiveInput, Answer<DescribeTimeToLiveOutput>];
}
export type Operation = keyof Operations;

/** The client every DynamoDB adapter receives (through `Table`); build it only with createDocumentClient. */
export interface DocumentClient {
  send<O extends Operation>(operation: O, input: Operations[O][0]): Promise<Operations[O][1]>;
}

export interface DocumentClientOptions {
  region: string;
  /** Only for local stand-ins (DynamoDB Local); absent = the regional AWS endpoint. */
  endpoint?: string;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The one client the DynamoDB adapters use. Local stand-ins check no signatures, so a loopback endpoint
 * gets fixed dummy keys: `npm start` works on a machine with no AWS configuration, and real credentials
 * are never sent to a stand-in.
 */
export function createDocumentClient(options: DocumentClientOptions): DocumentClient {
  const local = options.endpoint !== undefined && LOOPBACK_HOSTS.has(new URL(options.endpoint).hostname);
  const http = createDynamoHttp({
    region: options.region,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    credentials: credentialSource(local ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined),
  });
  const untraced: DocumentClient = {
    async send(operation, input) {
      try {
        return fromWire(await http(operation, toWire(input))) as never;
      } catch (error) {
        if (!(error instanceof DynamoDBServiceError)) throw error;
        throw new DynamoDBServiceError(
          error.name,
          error.message,
          error.status,
          plainErrorDetails(error.details),
        );
      }
    },
  };
  // One X-Ray subsegment per operation when the Lambda invocation is sampled (ADR 0008).
  return {
    send: (operation, input) =>
      traceCall({ namespace: 'aws', service: 'DynamoDB', operation, region: options.region, input }, () =>
        untraced.send(operation, input),
      ),
  };
}
