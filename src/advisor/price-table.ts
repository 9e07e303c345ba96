/**
 * The advisor's dated price table: us-east-1 prices, hard limits and the model's own assumptions, each with
 * its source and as-of date. Copied from the team's price reference (compiled 2026-11 from sources dated up
 * to 2026-09-29) because that reference lives outside the repo: the repo must carry the numbers its advice
 * rests on. The GPU instances are not in the reference; their prices come from the same generated
 * on-demand table (S3) as its EC2 entries. `--prices <file>` overrides any entry by id.
 * Free tiers are left out on purpose: accounts opened since 2025-07-15 get credits instead (S20).
 */
export interface PriceEntry {
  /**
   * Null for a price nobody has given: every cost computed from it is unknown, and the advice says so
   * (never $0, never recommended on cost) and names the id to give with `--prices`.
   */
  value: number | null;
  unit: string;
  /** A key of PRICE_SOURCES, or `assumption` for a modelling choice explained in docs/advisor.md. */
  source: string;
  asOf: string;
}

export const PRICE_TABLE_AS_OF = '2026-09-29';

const S1 = { source: 'S1', asOf: '2026-09-06' };
const S2 = { source: 'S2', asOf: '2026-09-29' };
const S3 = { source: 'S3', asOf: '2026-01-19' };
const MODEL = { source: 'assumption', asOf: '2026-11-26' };
const DOCS = (source: string) => ({ source, asOf: 'AWS docs, stored copy (undated)' });

export const DEFAULT_PRICES = {
  // Lambda (arm64: the project's Lambda target)
  'lambda.request': { value: 0.2e-6, unit: 'USD per request', ...S1 },
  'lambda.gbs.arm.t1': { value: 1.33334e-5, unit: 'USD per GB-second, first 7.5B GB-s/month', ...S1 },
  'lambda.gbs.arm.t2': { value: 1.20001e-5, unit: 'USD per GB-second, next 11.25B GB-s', ...S1 },
  'lambda.gbs.arm.t3': { value: 1.06667e-5, unit: 'USD per GB-second, over 18.75B GB-s', ...S1 },
  // API Gateway HTTP API, metered in 512 KB increments
  'apigw.http.t1': {
    value: 1.0e-6,
    unit: 'USD per request, first 300M/month',
    source: 'S4',
    asOf: 'undated',
  },
  'apigw.http.t2': { value: 0.9e-6, unit: 'USD per request, over 300M/month', source: 'S4', asOf: 'undated' },
  // Load balancer and the public IPv4 addresses it holds (one per AZ)
  'alb.hour': { value: 0.0225, unit: 'USD per ALB-hour', ...S2 },
  'alb.lcu': { value: 0.008, unit: 'USD per LCU-hour', ...S2 },
  'ipv4.public': { value: 0.005, unit: 'USD per IP-hour', source: 'S22', asOf: '2024-02-01' },
  // Fargate
  'fargate.arm.vcpu': { value: 0.03238, unit: 'USD per vCPU-hour', source: 'S5', asOf: 'after 2021-04-22' },
  'fargate.arm.gb': { value: 0.00356, unit: 'USD per GB-hour', source: 'S5', asOf: 'after 2021-04-22' },
  'fargate.x86.vcpu': { value: 0.04048, unit: 'USD per vCPU-hour', ...S2 },
  'fargate.x86.gb': { value: 0.004445, unit: 'USD per GB-hour', ...S2 },
  'fargate.spot.discount': {
    value: 70,
    unit: "percent off x86 on-demand, 'up to'",
    source: 'S7',
    asOf: 'undated',
  },
  // EC2 on-demand (the .large size; larger sizes of a family scale linearly)
  'ec2.m7g.large': { value: 0.0816, unit: 'USD per hour, 2 vCPU / 8 GiB', ...S3 },
  // GPU jobs: g5 sizes with one NVIDIA A10G GPU (24 GB), the smallest that holds the job's vCPU and memory
  'ec2.g5.xlarge': { value: 1.006, unit: 'USD per hour, 4 vCPU / 16 GiB, 1 A10G GPU', ...S3 },
  'ec2.g5.2xlarge': { value: 1.212, unit: 'USD per hour, 8 vCPU / 32 GiB, 1 A10G GPU', ...S3 },
  'ec2.g5.4xlarge': { value: 1.624, unit: 'USD per hour, 16 vCPU / 64 GiB, 1 A10G GPU', ...S3 },
  'ec2.g5.8xlarge': { value: 2.448, unit: 'USD per hour, 32 vCPU / 128 GiB, 1 A10G GPU', ...S3 },
  'ec2.g5.16xlarge': { value: 4.096, unit: 'USD per hour, 64 vCPU / 256 GiB, 1 A10G GPU', ...S3 },
  'ec2.spot.discount': { value: 90, unit: "percent off on-demand, 'up to'", source: 'S24', asOf: 'undated' },
  // DynamoDB
  'ddb.od.wru': { value: 0.625e-6, unit: 'USD per write request unit', ...S1 },
  'ddb.od.rru': { value: 0.125e-6, unit: 'USD per read request unit', ...S1 },
  'ddb.prov.wcu': { value: 0.00065, unit: 'USD per WCU-hour', source: 'S10', asOf: '2026-05-08' },
  'ddb.prov.rcu': { value: 0.00013, unit: 'USD per RCU-hour', ...S1 },
  'ddb.storage': { value: 0.25, unit: 'USD per GB-month', ...S1 },
  // RDS PostgreSQL (Single-AZ hourly; Multi-AZ doubles instance and storage)
  'rds.pg.t4g.micro': { value: 0.016, unit: 'USD per hour, 2 vCPU / 1 GiB', source: 'S11', asOf: '2026' },
  'rds.pg.t4g.medium': { value: 0.065, unit: 'USD per hour, 2 vCPU / 4 GiB', source: 'S11', asOf: '2026' },
  'rds.pg.m7g.large': { value: 0.168, unit: 'USD per hour, 2 vCPU / 8 GiB', source: 'S11b', asOf: 'undated' },
  'rds.gp3': { value: 0.115, unit: 'USD per GB-month, Single-AZ', source: 'S2b', asOf: '2026-09' },
  'rdsproxy.vcpu': {
    value: 0.015,
    unit: 'USD per DB-instance vCPU-hour (min 2 vCPU)',
    source: 'S14',
    asOf: '2024-12-05',
  },
  // Aurora Serverless v2 (Aurora Standard)
  'aurora.slv2.acu': { value: 0.12, unit: 'USD per ACU-hour', source: 'S12', asOf: '2026-06' },
  'aurora.storage': { value: 0.1, unit: 'USD per GB-month', source: 'S12', asOf: '2026-05' },
  'aurora.io': { value: 0.2e-6, unit: 'USD per I/O request (unverified)', source: 'S12b', asOf: '2026' },
  'rdsproxy.slv2': {
    value: 0.015,
    unit: 'USD per ACU-hour, billed at min 8 ACU',
    source: 'S14b',
    asOf: '2026-09',
  },
  'rdsproxy.slv2.minAcu': { value: 8, unit: 'ACU billed at least', source: 'S14b', asOf: '2026-09' },
  // Hard limits
  'limit.lambda.timeoutS': { value: 900, unit: 'seconds', ...DOCS('S30') },
  'limit.lambda.memoryMb': { value: 10240, unit: 'MB', ...DOCS('S30') },
  'limit.lambda.vcpu': { value: 6, unit: 'vCPU at 10,240 MB', source: 'S31b', asOf: '2020-12' },
  'limit.lambda.mbPerVcpu': { value: 1769, unit: 'MB of memory per vCPU', ...DOCS('S31') },
  'limit.lambda.payloadMb': { value: 6, unit: 'MB, synchronous request and response', ...DOCS('S32') },
  'limit.lambda.concurrency': { value: 1000, unit: 'concurrent executions (raisable)', ...DOCS('S30') },
  'limit.apigw.http.timeoutS': { value: 30, unit: 'seconds, not raisable', source: 'S36b', asOf: 'undated' },
  'limit.apigw.payloadMb': { value: 10, unit: 'MB', source: 'S36c', asOf: 'undated' },
  'limit.apigw.meteringKb': { value: 512, unit: 'KB per billed request', source: 'S4', asOf: 'undated' },
  'limit.fargate.vcpu': { value: 16, unit: 'vCPU per task', ...DOCS('S38') },
  'limit.fargate.memoryGb': { value: 120, unit: 'GB per task', ...DOCS('S38') },
  'limit.fargate.minBilledS': {
    value: 60,
    unit: 'seconds billed at least per task',
    source: 'S8',
    asOf: 'undated',
  },
  'limit.ddb.itemKb': { value: 400, unit: 'KB per item', ...DOCS('S44') },
  'limit.ddb.transactionItems': { value: 100, unit: 'items per transaction', ...DOCS('S45') },
  // The model's own assumptions (docs/advisor.md explains each; override them like prices)
  'model.hoursPerMonth': { value: 730, unit: 'hours', ...MODEL },
  'model.targetUtilization': {
    value: 0.7,
    unit: 'share of CPU a fleet runs at, headroom for scale-out lag',
    ...MODEL,
  },
  'model.minTasks': { value: 2, unit: 'tasks or instances kept for high availability (two AZs)', ...MODEL },
  'model.peakToAverage': { value: 3, unit: 'peak-to-average ratio when the workload gives none', ...MODEL },
  'model.taskStartupS': {
    value: 30,
    unit: 'seconds billed per Fargate job for image pull and start',
    ...MODEL,
  },
  'model.instanceStartupS': {
    value: 180,
    unit: 'seconds billed per EC2 job for boot and image pull',
    ...MODEL,
  },
  'model.opsPerVcpuSecond': {
    value: 500,
    unit: 'simple key/index queries a PostgreSQL vCPU serves per s',
    ...MODEL,
  },
  'model.opsPerAcuSecond': {
    value: 250,
    unit: 'simple queries an Aurora ACU (1/4 vCPU-ish) serves per s',
    ...MODEL,
  },
  'model.auroraMinAcu': { value: 0.5, unit: 'ACU floor while the API keeps the cluster awake', ...MODEL },
  'model.rdsMinStorageGb': { value: 20, unit: 'GB, gp3 minimum', ...MODEL },
} satisfies Record<string, PriceEntry>;

export type PriceId = keyof typeof DEFAULT_PRICES;
export type Prices = Record<PriceId, PriceEntry>;

export const PRICE_SOURCES: Record<string, string> = {
  S1: 'ocelhq/ocel docs/research/price-book.md: AWS Price List Bulk API us-east-1 extracts (2026-09-06)',
  S2: 'public cost model infra_model.py with unit prices from the AWS Price List Bulk API (2026-09-29)',
  S2b: 'Price-List-shaped test fixture, offer versions 2026-09-11 (corroboration)',
  S3: 'aws/karpenter-provider-aws zz_generated.pricing_aws.go, us-east-1 on-demand (2026-01-19)',
  S4: 'AWS whitepaper: API Gateway private APIs best practices, cost optimization',
  S5: 'Vantage, AWS Fargate Pricing Explained',
  S7: 'AWS Fargate pricing page (stored copy)',
  S8: 'awsfundamentals Fargate pricing article (1-minute minimum)',
  S10: 'costpatrol and cloud-horizons DynamoDB pricing articles (2026-05-08)',
  S11: 'infratally RDS PostgreSQL pricing article (2026)',
  S11b: 'db.m7g.large constant in public cost-model repos (weakest-sourced RDS price here)',
  S12: 'Aurora Serverless v2 $0.12/ACU-h in several 2026 pricing articles',
  S12b: 'Aurora I/O request price mention (unverified)',
  S14: 'spack/spack-infrastructure PR #1004: RDS Proxy $0.015/vCPU-h (2024-12-05)',
  S14b: 'repo notes 2026: RDS Proxy on Aurora Serverless v2 billed at 8 ACU minimum, blocks auto-pause',
  S20: 'AWS Free Tier change for accounts from 2025-07-15 (credits instead of always-free)',
  S22: 'AWS Networking blog: public IPv4 charge effective 2024-02-01',
  S24: 'AWS EC2 Spot pricing page (stored copy)',
  S30: 'AWS Lambda docs: quotas',
  S31: 'AWS Lambda docs: configure memory (1,769 MB = 1 vCPU)',
  S31b: "AWS What's New Dec 2020: 10 GB memory and 6 vCPUs",
  S32: 'AWS Lambda API Reference: Invoke (6 MB synchronous payload)',
  S36b: 'AWS re:Post: HTTP API 30 s integration timeout',
  S36c: 'AWS re:Post: API Gateway 10 MB payload hard limit',
  S38: 'ECS Developer Guide: Fargate task CPU and memory',
  S44: 'DynamoDB Developer Guide: quotas (400 KB items)',
  S45: 'DynamoDB API Reference: TransactWriteItems (100 actions)',
  missing: 'no price known: costs that need it show as unknown until you give it with --prices',
  assumption: 'a modelling choice of the advisor, explained in docs/advisor.md; override it with --prices',
};
