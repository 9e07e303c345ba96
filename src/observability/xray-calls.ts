// The shapes the X-Ray writer passes around (types only): what a traced call is, and the trace it belongs to.

/** A call to an AWS service, described for its subsegment (xray-documents.ts turns it into the document). */
export interface AwsCall {
  namespace: 'aws';
  /** The subsegment's name, as X-Ray's service map shows AWS services: `DynamoDB`, `S3`. */
  service: string;
  /** `GetItem`, `PutObject`: what X-Ray shows under aws.operation. */
  operation: string;
  region?: string;
  /** The request; only the table or bucket names are read from it. */
  input: object;
  /** What the AWS SDK knows after the call (request id, status, attempts); absent for our DynamoDB client. */
  metadata?: { requestId?: string; httpStatusCode?: number; attempts?: number };
}

/** A call to an SQL database. */
export interface SqlCall {
  namespace: 'remote';
  /** `database@host`, the name the X-Ray SDK gives an SQL subsegment. */
  name: string;
  /** Where, without credentials: `postgresql://host:port/database`. */
  url: string;
  user?: string;
}

export type TracedCall = AwsCall | SqlCall;

/** The invocation's trace, when Lambda samples it. */
export interface SampledTrace {
  traceId: string;
  /** The id of the function's segment (Lambda's facade segment): the parent of our subsegments. */
  parentId: string;
}
