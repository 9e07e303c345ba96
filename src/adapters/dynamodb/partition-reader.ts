import { compareKeys } from '../shared/sort-keys.js';
import { type Item, query, type Table } from './table.js';

/** One index partition read in key order, between optional inclusive bounds, with an optional filter. */
export interface PartitionRange {
  indexName: string;
  partitionAttribute: string;
  partitionValue: string;
  sortAttribute: string;
  lower?: string;
  upper?: string;
  descending: boolean;
  filter?: {
    expression: string;
    names: Record<string, string>;
    values: Record<string, unknown>;
  };
  /** Items DynamoDB evaluates per request (before the filter); each request also stops at 1 MB. */
  pageSize: number;
}

/** Reads a partition lazily, one Query page at a time, so a merge only fetches what it consumes. */
class PartitionReader {
  private buffer: Item[] = [];
  private startKey: Record<string, unknown> | undefined;
  private exhausted = false;

  constructor(
    private readonly table: Table,
    private readonly range: PartitionRange,
  ) {}

  async peek(): Promise<Item | undefined> {
    // A filtered page can come back empty although more matches follow: keep reading until one shows up.
    while (this.buffer.length === 0 && !this.exhausted) await this.fetch();
    return this.buffer[0];
  }

  shift(): Item | undefined {
    return this.buffer.shift();
  }

  private async fetch(): Promise<void> {
    const { range } = this;
    const sortClause = sortCondition(range);
    const output = await query(this.table, {
      IndexName: range.indexName,
      KeyConditionExpression: `#pk = :pk${sortClause}`,
      ...(range.filter === undefined ? {} : { FilterExpression: range.filter.expression }),
      ExpressionAttributeNames: {
        '#pk': range.partitionAttribute,
        // DynamoDB rejects names that no expression uses.
        ...(sortClause === '' ? {} : { '#sk': range.sortAttribute }),
        ...range.filter?.names,
      },
      ExpressionAttributeValues: {
        ':pk': range.partitionValue,
        ...(range.lower === undefined ? {} : { ':lower': range.lower }),
        ...(range.upper === undefined ? {} : { ':upper': range.upper }),
        ...range.filter?.values,
      },
      ScanIndexForward: !range.descending,
      Limit: range.pageSize,
      ExclusiveStartKey: this.startKey,
    });
    this.buffer.push(...(output.Items ?? []));
    this.startKey = output.LastEvaluatedKey;
    this.exhausted = this.startKey === undefined;
  }
}

function sortCondition({ lower, upper }: PartitionRange): string {
  if (lower !== undefined && upper !== undefined) return ' AND #sk BETWEEN :lower AND :upper';
  if (lower !== undefined) return ' AND #sk >= :lower';
  if (upper !== undefined) return ' AND #sk <= :upper';
  return '';
}

/** True when the bounds admit no key at all (DynamoDB rejects BETWEEN with lower > upper). */
export function isEmptyRange(lower: string | undefined, upper: string | undefined): boolean {
  return lower !== undefined && upper !== undefined && compareKeys(lower, upper) > 0;
}

/**
 * Merges the partitions by sort key (k-way) and returns up to `count` items in list order, skipping the
 * item whose key equals `skipKey` (the previous page's last item: bounds are inclusive). All ranges share
 * one index, so one sort attribute and one direction.
 */
export async function readMerged(
  table: Table,
  ranges: readonly PartitionRange[],
  options: { count: number; skipKey?: string },
): Promise<Item[]> {
  const first = ranges[0];
  if (first === undefined) return [];
  const keyOf = (item: Item) => String(item[first.sortAttribute]);
  const direction = first.descending ? -1 : 1;
  const readers = ranges.map((range) => new PartitionReader(table, range));
  const items: Item[] = [];
  while (items.length < options.count) {
    const heads = await Promise.all(readers.map((reader) => reader.peek()));
    let best: { index: number; key: string } | undefined;
    for (const [index, head] of heads.entries()) {
      if (head === undefined) continue;
      const key = keyOf(head);
      if (best === undefined || direction * compareKeys(key, best.key) < 0) best = { index, key };
    }
    if (best === undefined) break;
    const item = readers[best.index]?.shift();
    if (item !== undefined && best.key !== options.skipKey) items.push(item);
  }
  return items;
}
