import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';

type AttributeMap = Parameters<typeof unmarshall>[0];
type Json = Record<string, unknown>;

// What the DocumentClient does, for the request and response fields the adapters use: plain JS values in,
// DynamoDB's typed AttributeValues ({ S: "..." }, { N: "1" }) on the wire, plain values out.
// convertClassInstanceToMap: the SDK tells maps by `value.constructor.name`, so a map with a member named
// `constructor` (a product attribute) would otherwise be refused as an unsupported type.
const toAttributes = (value: unknown) =>
  marshall(value as Json, { removeUndefinedValues: true, convertClassInstanceToMap: true });
const fromAttributes = (value: unknown) => unmarshall(value as AttributeMap);

const ITEM_FIELDS = [
  'Key',
  'Item',
  'ExclusiveStartKey',
  'ExpressionAttributeValues',
  'Attributes',
  'LastEvaluatedKey',
];

/** Plain request -> wire request. Operations without values (CreateTable, DescribeTable) pass unchanged. */
export function toWire(input: object): Json {
  const wire: Json = { ...input };
  convertItems(wire, toAttributes);
  if (isObject(wire.RequestItems))
    wire.RequestItems = mapTables(wire.RequestItems, (entry) => convertBatch(entry, toAttributes));
  if (Array.isArray(wire.TransactItems)) wire.TransactItems = wire.TransactItems.map(convertAction);
  return wire;
}

/** A transaction's action, `{ Put | Update | Delete | ConditionCheck: {...} }`, with its item fields marshalled. */
function convertAction(action: Json): Json {
  return Object.fromEntries(
    Object.entries(action).map(([kind, body]) => {
      const wire: Json = { ...(body as Json) };
      convertItems(wire, toAttributes);
      return [kind, wire];
    }),
  );
}

/**
 * The items an error carries, made plain: a failed condition's `Item` (ReturnValuesOnConditionCheckFailure)
 * and each `CancellationReasons[].Item` of a cancelled transaction.
 */
export function plainErrorDetails(details: Json): Json {
  const plain: Json = { ...details };
  if (isObject(plain.Item)) plain.Item = fromAttributes(plain.Item);
  if (Array.isArray(plain.CancellationReasons)) {
    plain.CancellationReasons = plain.CancellationReasons.map((reason: Json) =>
      isObject(reason.Item) ? { ...reason, Item: fromAttributes(reason.Item) } : reason,
    );
  }
  return plain;
}

/** Wire response -> plain response. */
export function fromWire(output: Json): Json {
  const plain: Json = { ...output };
  convertItems(plain, fromAttributes);
  if (Array.isArray(plain.Items)) plain.Items = plain.Items.map(fromAttributes);
  if (isObject(plain.Responses)) {
    plain.Responses = mapTables(plain.Responses, (items) => (items as unknown[]).map(fromAttributes));
  }
  for (const field of ['UnprocessedKeys', 'UnprocessedItems'] as const) {
    if (isObject(plain[field]))
      plain[field] = mapTables(plain[field], (entry) => convertBatch(entry, fromAttributes));
  }
  return plain;
}

function convertItems(message: Json, convert: (value: unknown) => unknown): void {
  for (const field of ITEM_FIELDS) if (isObject(message[field])) message[field] = convert(message[field]);
}

/** A table's entry in a batch: BatchGetItem `{ Keys: [...] }`, BatchWriteItem `[{ PutRequest | DeleteRequest }]`. */
function convertBatch(entry: unknown, convert: (value: unknown) => unknown): unknown {
  if (Array.isArray(entry)) {
    return entry.map((request: Json) =>
      isObject(request.PutRequest)
        ? { PutRequest: { ...request.PutRequest, Item: convert(request.PutRequest.Item) } }
        : isObject(request.DeleteRequest)
          ? { DeleteRequest: { ...request.DeleteRequest, Key: convert(request.DeleteRequest.Key) } }
          : request,
    );
  }
  if (isObject(entry) && Array.isArray(entry.Keys)) return { ...entry, Keys: entry.Keys.map(convert) };
  return entry;
}

function mapTables(tables: Json, convert: (entry: unknown) => unknown): Json {
  return Object.fromEntries(Object.entries(tables).map(([table, entry]) => [table, convert(entry)]));
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;
