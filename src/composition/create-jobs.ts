import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Table } from '../adapters/dynamodb/table.js';
import type { LocalJobLauncher } from '../adapters/jobs/local-launcher.js';
import { createJobService, type JobService } from '../app/jobs/job-service.js';
import type { JobTypes } from '../app/jobs/job-types.js';
import type { Clock } from '../app/ports/clock.js';
import type { JobLauncher } from '../app/ports/job-launcher.js';
import type { JobStore } from '../app/ports/job-store.js';
import type { Logger } from '../app/ports/logger.js';
import type { ApiConfig, JobsConfig } from '../config/config.js';
import { ENV } from '../config/env-names.js';
import type { FieldError } from '../domain/shared/errors.js';
import type { JobDefinition } from '../jobs/job.js';
import type { JobServices } from '../jobs/job-services.js';
import { loadedOnFirstCall } from './loaded-on-first-call.js';

/** The job registry's shape (src/jobs/registry.ts JOBS): definitions by name. */
// biome-ignore lint/suspicious/noExplicitAny: each definition has its own args and summary; args are validated with its own schema first.
export type JobDefinitions = Readonly<Partial<Record<string, JobDefinition<any, any>>>>;

/** Jobs whose long runs become AWS Batch array jobs: each shard takes its share of the products. */
const SHARDABLE_JOBS = new Set(['reoptimize-images']);

/**
 * The registry as submitting sees it, loaded on first use (so are the job services estimates read with):
 * the API's cold start carries neither.
 */
export function jobTypesFrom(
  load: () => Promise<{ definitions: JobDefinitions; services: JobServices }>,
): JobTypes {
  let loaded: ReturnType<typeof load> | undefined;
  const registry = () => {
    loaded ??= load();
    return loaded;
  };
  return {
    async names() {
      const { definitions } = await registry();
      return Object.keys(definitions).filter((name) => definitions[name] !== undefined);
    },
    async get(name) {
      const { definitions, services } = await registry();
      const definition = Object.hasOwn(definitions, name) ? definitions[name] : undefined;
      if (definition === undefined) return undefined;
      return {
        args: definition.args,
        shardable: SHARDABLE_JOBS.has(name),
        estimate: (args) => definition.estimate(args, services),
        refusedFiles: (args) => refusedFiles(definition.files ?? {}, args, services),
        recordedArgs: (args) => canonicalFiles(definition.files ?? {}, args, services),
      };
    },
  };
}

/** Each file arg the job services' file store will not give the job, under the arg's own name. */
async function refusedFiles(
  files: Readonly<Record<string, 'read' | 'write' | undefined>>,
  args: unknown,
  services: JobServices,
): Promise<FieldError[]> {
  const values = args as Record<string, unknown>;
  const refusals = await Promise.all(
    Object.entries(files).map(async ([name, access]) => {
      const location = values[name];
      if (typeof location !== 'string' || access === undefined) return [];
      const reason = await services.files.refusal?.(location, access);
      return reason === undefined ? [] : [{ path: `args.${name}`, message: reason }];
    }),
  );
  return refusals.flat();
}

/** The args with each file as every runner names it (the job services' file store says how). */
function canonicalFiles(
  files: Readonly<Record<string, 'read' | 'write' | undefined>>,
  args: Record<string, unknown>,
  services: JobServices,
): Record<string, unknown> {
  const named = Object.keys(files).filter((name) => typeof args[name] === 'string');
  const canonical = named.length === 0 ? undefined : services.files.canonical;
  if (canonical === undefined) return args;
  return { ...args, ...Object.fromEntries(named.map((name) => [name, canonical(args[name] as string)])) };
}

export interface JobsWiring {
  service: JobService;
  /** Stops local job processes (npm start's shutdown); nothing to do for AWS runners. */
  close(): Promise<void>;
}

export interface JobsWiringDeps {
  table: Table;
  logger: Logger;
  clock: Clock;
  types: JobTypes;
  /** Tests run jobs in-process instead. Default: from config (AWS runners, or local child processes). */
  launcher?: JobLauncher;
}

/** POST /jobs and GET /jobs/{id}: records in the catalog table, launched where the configuration says. */
export function createJobs(config: ApiConfig, deps: JobsWiringDeps): JobsWiring {
  // Loaded with the first jobs request: most API cold starts serve none.
  const store = loadedOnFirstCall<JobStore>(
    () =>
      import('../adapters/dynamodb/job-store.js').then(({ createDynamoJobStore }) =>
        createDynamoJobStore(deps.table),
      ),
    ['create', 'get', 'list', 'markRunning', 'reportProgress', 'recordShardResult', 'finish'],
  );
  let service: JobService | undefined;
  const jobs = config.jobs ?? { launch: { mode: 'local' } };
  let close = async () => {};
  let waitingHere: ((id: string) => boolean) | undefined;
  let launcher = deps.launcher;
  if (launcher === undefined && jobs.launch.mode === 'aws') {
    launcher = createAwsLauncher(jobs.launch, config.region);
  } else if (launcher === undefined) {
    // Loaded with the first job it starts (never, on AWS runtimes that end up here unconfigured).
    let started: LocalJobLauncher | undefined;
    const local = once(() =>
      import('../adapters/jobs/local-launcher.js').then(({ createLocalJobLauncher }) => {
        started = createLocalJobLauncher({
          ...jobCommand(),
          env: jobProcessEnv(config, jobs),
          logger: deps.logger,
          onFailedExit: (id, error) => service?.abandon(id, error),
          ...(jobs.local === undefined
            ? {}
            : { maxProcesses: jobs.local.maxProcesses, stopGraceMs: jobs.local.stopGraceMs }),
        });
        return started;
      }),
    );
    launcher = { launch: async (job) => (await local()).launch(job) };
    close = async () => started?.close();
    // Before the first launch no job of this process can be waiting.
    waitingHere = (id) => started?.isWaiting(id) ?? false;
  }
  service = createJobService({ ...deps, store, launcher, ...(waitingHere ? { waitingHere } : {}) });
  return { service, close };
}

/** Each SDK client loads with the first job it starts: most API requests never start one. */
function createAwsLauncher(
  launch: Extract<JobsConfig['launch'], { mode: 'aws' }>,
  region: string,
): JobLauncher {
  const lambda = once(() =>
    import('../adapters/jobs/lambda-launcher.js').then(({ createLambdaJobLauncher }) =>
      createLambdaJobLauncher({ functionName: launch.functionName, region }),
    ),
  );
  const batch = once(() =>
    import('../adapters/jobs/batch-launcher.js').then(({ createBatchJobLauncher }) =>
      createBatchJobLauncher({ queueArn: launch.queueArn, definitionArns: launch.definitionArns, region }),
    ),
  );
  return {
    async launch(job) {
      await (await (job.runner === 'lambda' ? lambda() : batch())).launch(job);
    },
  };
}

/**
 * The job CLI as a child runs it: src/entrypoints/job.ts from the sources (through tsx: this process's own
 * loader flags, or `--import tsx` when there are none, as under vitest), dist/batch/index.mjs from a bundle.
 */
function jobCommand(): { entry: string; execArgv: string[] } {
  const fromSources = import.meta.url.endsWith('.ts');
  const entry = fileURLToPath(
    new URL(fromSources ? '../entrypoints/job.ts' : '../batch/index.mjs', import.meta.url),
  );
  const hasTsx = process.execArgv.some((flag) => flag.includes('tsx'));
  return { entry, execArgv: fromSources && !hasTsx ? ['--import', 'tsx'] : [...process.execArgv] };
}

/** What a local job process needs to reach the same table, database and buckets as this process. */
export function jobProcessEnv(config: ApiConfig, jobs: JobsConfig): Record<string, string> {
  const env: Record<string, string | undefined> = {
    [ENV.tableName]: config.tableName,
    [ENV.region]: config.region,
    [ENV.dynamodbEndpoint]: config.dynamodbEndpoint,
    [ENV.logLevel]: config.logLevel,
    [ENV.imageBucket]: config.images?.bucket,
    [ENV.s3Endpoint]: config.images?.endpoint,
    [ENV.imagePublicBaseUrl]: config.images?.publicBaseUrl,
    [ENV.jobsBucket]: jobs.bucket,
    // The child resolves job files inside the same jobs folder, whatever its working directory.
    [ENV.dataDir]: jobs.local === undefined ? undefined : resolve(jobs.local.dataDir),
  };
  const endpoint = config.database?.endpoint;
  if (endpoint !== undefined && 'connectionString' in endpoint)
    env[ENV.databaseUrl] = endpoint.connectionString;
  else if (endpoint !== undefined) {
    Object.assign(env, {
      [ENV.databaseHost]: endpoint.host,
      [ENV.databasePort]: String(endpoint.port),
      [ENV.databaseName]: endpoint.database,
      [ENV.databaseUser]: endpoint.user,
      [ENV.databaseIamAuth]: String(config.database.iamAuth),
    });
  }
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/** Starts `make` on the first call; later calls share its promise. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= make();
    return value;
  };
}
