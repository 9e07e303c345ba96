import type { Candidate, LineItem } from './advice.js';
import { candidate, pricedLine } from './candidate-math.js';
import type { Prices } from './price-table.js';
import { price } from './prices.js';
import type { DataWorkload } from './workload.js';

/** What the data candidates need to know besides the data itself. */
export interface DataContext {
  /** Peak-to-average of the traffic hitting the database (the API's, or the model's default). */
  peakToAverage: number;
  /** True when the API runs on Lambda: a relational database then sits behind RDS Proxy. */
  lambdaClients: boolean;
}

const seconds = (prices: Prices) => price(prices, 'model.hoursPerMonth') * 3600;

function dynamoFit(data: DataWorkload, prices: Prices): { exclusions: string[]; warnings: string[] } {
  const exclusions: string[] = [];
  const warnings: string[] = [];
  const itemLimit = price(prices, 'limit.ddb.itemKb');
  if (data.itemKb > itemLimit)
    exclusions.push(`${data.itemKb} KB items are over DynamoDB's ${itemLimit} KB item limit`);
  if (data.needsJoins)
    exclusions.push('DynamoDB has no joins: related data would be fetched and joined in code');
  if (data.needsAnalytics)
    exclusions.push('DynamoDB has no ad-hoc SQL: analytics need an export to another engine');
  const txLimit = price(prices, 'limit.ddb.transactionItems');
  if (data.needsTransactions && data.transactionItems !== undefined && data.transactionItems > txLimit)
    exclusions.push(
      `transactions of ${data.transactionItems} items are over DynamoDB's ${txLimit}-item limit`,
    );
  else if (data.needsTransactions)
    warnings.push(`transactions: at most ${txLimit} items and 4 MB each, at twice the capacity units`);
  if (!data.keyAccessOnly)
    warnings.push('every access pattern other than by key needs its own index, designed up front');
  return { exclusions, warnings };
}

/** Capacity units per operation: writes per 1 KB, strongly consistent reads per 4 KB, doubled in transactions. */
function unitsPerOp(data: DataWorkload) {
  const tx = data.needsTransactions ? 2 : 1;
  return { write: Math.ceil(data.itemKb) * tx, read: Math.ceil(data.itemKb / 4) * tx };
}

function dynamoStorage(data: DataWorkload, prices: Prices): LineItem {
  return pricedLine('DynamoDB storage (Standard)', data.storageGb, 'GB-months', prices, 'ddb.storage');
}

export function dynamoOnDemand(data: DataWorkload, prices: Prices): Candidate {
  const units = unitsPerOp(data);
  const wru = data.writesPerMonth * units.write;
  const rru = data.readsPerMonth * units.read;
  return candidate(
    {
      id: 'dynamodb-on-demand',
      name: 'DynamoDB on-demand',
      ...dynamoFit(data, prices),
      lineItems: [
        pricedLine('DynamoDB write request units', wru, 'WRU', prices, 'ddb.od.wru'),
        pricedLine('DynamoDB read request units', rru, 'RRU', prices, 'ddb.od.rru'),
        dynamoStorage(data, prices),
      ],
    },
    prices,
  );
}

/** Provisioned for the peak at the target utilization: auto scaling lags by minutes, so the peak must fit. */
export function dynamoProvisioned(data: DataWorkload, prices: Prices, context: DataContext): Candidate {
  const units = unitsPerOp(data);
  const util = price(prices, 'model.targetUtilization');
  const hours = price(prices, 'model.hoursPerMonth');
  const peak = (perMonth: number) => (perMonth / seconds(prices)) * context.peakToAverage;
  const wcu = Math.max(1, (peak(data.writesPerMonth) * units.write) / util);
  const rcu = Math.max(1, (peak(data.readsPerMonth) * units.read) / util);
  const fit = dynamoFit(data, prices);
  return candidate(
    {
      id: 'dynamodb-provisioned',
      name: 'DynamoDB provisioned capacity',
      exclusions: fit.exclusions,
      warnings: [
        ...fit.warnings,
        'a burst above the provisioned peak is throttled until auto scaling catches up',
      ],
      lineItems: [
        pricedLine(`DynamoDB ${wcu.toFixed(1)} WCU`, wcu * hours, 'WCU-hours', prices, 'ddb.prov.wcu'),
        pricedLine(`DynamoDB ${rcu.toFixed(1)} RCU`, rcu * hours, 'RCU-hours', prices, 'ddb.prov.rcu'),
        dynamoStorage(data, prices),
      ],
    },
    prices,
  );
}

/** vCPU the database needs at peak, at the target utilization. */
function peakVcpu(data: DataWorkload, prices: Prices, context: DataContext): number {
  const peakOps = ((data.readsPerMonth + data.writesPerMonth) / seconds(prices)) * context.peakToAverage;
  return peakOps / price(prices, 'model.opsPerVcpuSecond') / price(prices, 'model.targetUtilization');
}

/**
 * The smallest PostgreSQL instance that carries the peak: burstable t4g while it stays under its CPU
 * baseline (10% of 2 vCPU for micro, 20% for medium), else m7g sized up in steps of 2 vCPU. Multi-AZ.
 */
export function rdsPostgres(data: DataWorkload, prices: Prices, context: DataContext): Candidate {
  const vcpu = peakVcpu(data, prices, context);
  const hours = price(prices, 'model.hoursPerMonth');
  const pick =
    vcpu <= 0.2
      ? { name: 'db.t4g.micro', id: 'rds.pg.t4g.micro' as const, factor: 1, vcpu: 2 }
      : vcpu <= 0.4
        ? { name: 'db.t4g.medium', id: 'rds.pg.t4g.medium' as const, factor: 1, vcpu: 2 }
        : {
            name: 'db.m7g',
            id: 'rds.pg.m7g.large' as const,
            factor: Math.ceil(vcpu / 2),
            vcpu: 2 * Math.ceil(vcpu / 2),
          };
  const exclusions =
    pick.vcpu > 64
      ? [`needs ~${Math.ceil(vcpu)} vCPU at peak: more than one PostgreSQL writer (64 vCPU) carries`]
      : [];
  const storageGb = Math.max(price(prices, 'model.rdsMinStorageGb'), data.storageGb);
  const lines: LineItem[] = [
    {
      item: `RDS PostgreSQL ${pick.name}${pick.factor > 1 ? ` (${pick.factor}x large)` : ''}, Multi-AZ`,
      quantity: hours,
      unit: 'instance-hours',
      usd: 2 * hours * pick.factor * price(prices, pick.id),
      priceIds: [pick.id],
    },
    {
      item: 'RDS gp3 storage, Multi-AZ',
      quantity: storageGb,
      unit: 'GB-months',
      usd: 2 * storageGb * price(prices, 'rds.gp3'),
      priceIds: ['rds.gp3', 'model.rdsMinStorageGb'],
    },
  ];
  if (context.lambdaClients)
    lines.push(
      pricedLine(
        `RDS Proxy (${pick.vcpu} vCPU) for Lambda's connections`,
        pick.vcpu * hours,
        'vCPU-hours',
        prices,
        'rdsproxy.vcpu',
      ),
    );
  return candidate(
    {
      id: 'rds-postgres',
      name: 'RDS for PostgreSQL (instance)',
      exclusions,
      warnings: [],
      lineItems: lines,
    },
    prices,
  );
}

/** Serverless v2 follows the load within seconds, so ACU-hours track the average, never under the floor. */
export function auroraServerless(data: DataWorkload, prices: Prices, context: DataContext): Candidate {
  const hours = price(prices, 'model.hoursPerMonth');
  const avgOps = (data.readsPerMonth + data.writesPerMonth) / seconds(prices);
  const acu = Math.max(
    price(prices, 'model.auroraMinAcu'),
    avgOps / price(prices, 'model.opsPerAcuSecond') / price(prices, 'model.targetUtilization'),
  );
  const ios = data.readsPerMonth + data.writesPerMonth;
  const lines: LineItem[] = [
    {
      item: `Aurora Serverless v2 (~${acu.toFixed(1)} ACU average)`,
      quantity: acu * hours,
      unit: 'ACU-hours',
      usd: acu * hours * price(prices, 'aurora.slv2.acu'),
      priceIds: ['aurora.slv2.acu', 'model.auroraMinAcu'],
    },
    pricedLine('Aurora storage (Standard)', data.storageGb, 'GB-months', prices, 'aurora.storage'),
    pricedLine('Aurora I/O (one per operation, pessimistic)', ios, 'I/O requests', prices, 'aurora.io'),
  ];
  if (context.lambdaClients) {
    const proxyAcu = Math.max(price(prices, 'rdsproxy.slv2.minAcu'), acu);
    lines.push({
      item: `RDS Proxy (billed at ${proxyAcu.toFixed(1)} ACU) for Lambda's connections`,
      quantity: proxyAcu * hours,
      unit: 'ACU-hours',
      usd: proxyAcu * hours * price(prices, 'rdsproxy.slv2'),
      priceIds: ['rdsproxy.slv2', 'rdsproxy.slv2.minAcu'],
    });
  }
  return candidate(
    {
      id: 'aurora-serverless-v2',
      name: 'Aurora Serverless v2 (PostgreSQL)',
      exclusions: [],
      warnings: ['one writer: add a reader in a second AZ for fast failover (doubles the ACU line)'],
      lineItems: lines,
    },
    prices,
  );
}
