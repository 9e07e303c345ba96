#!/usr/bin/env node
// Bundles every runtime entrypoint with esbuild into dist/<name>/index.mjs.
// Usage: node scripts/build.mjs [--quiet] [--outdir <dir>]
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { bundleSize } from './bundle-size.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// One line per deployable: dist/<name>/index.mjs. Later issues add lambda/image, batch, ...
// What the API Lambda never serves is replaced by registrations that register nothing, so its cold starts
// carry none of that code: the admin console (S3 + CloudFront serve it on AWS), and the routes behind the
// local server's job file links (on AWS the links are presigned S3 URLs).
const LAMBDA_NEVER_SERVES = {
  name: 'lambda-never-serves',
  setup(pluginBuild) {
    const stubs = [
      [/[\\/]src[\\/]http[\\/]routes[\\/]admin-routes\.ts$/, 'registerAdminRoutes'],
      [/[\\/]src[\\/]http[\\/]routes[\\/]signed-job-file-routes\.ts$/, 'registerSignedJobFileRoutes'],
    ];
    for (const [filter, name] of stubs)
      pluginBuild.onLoad({ filter }, () => ({ contents: `export function ${name}() {}`, loader: 'ts' }));
  },
};

// On Node 22, `import ... from 'node:http'` (static or dynamic) builds an ES module namespace of every export,
// which reads http.WebSocket, a lazy getter that loads undici and zlib (~20 ms). require() returns the
// exports object and reads nothing. So in the API bundle node:http is imported through a module that
// requires it and re-exports its plain values (the names Node 20, which builds this, has). It is loaded with
// the first DynamoDB request over http (local endpoints) and by the AWS SDK's clients over both protocols.
const HTTP_THROUGH_REQUIRE = {
  name: 'http-through-require',
  setup(pluginBuild) {
    const namespace = 'http-through-require';
    pluginBuild.onResolve({ filter: /^(node:)?http$/ }, ({ namespace: from }) =>
      // The module's own require('node:http') stays external.
      from === namespace ? undefined : { path: 'node:http', namespace },
    );
    pluginBuild.onLoad({ filter: /.*/, namespace }, () => {
      const http = createRequire(import.meta.url)('node:http');
      const names = Object.keys(http).filter((name) => !Object.getOwnPropertyDescriptor(http, name).get);
      return {
        contents: `const http = require('node:http');\nexport default http;\nexport const { ${names.join(', ')} } = http;\n`,
        loader: 'js',
      };
    });
  },
};

const ENTRIES = [
  {
    name: 'lambda/api',
    entry: 'src/entrypoints/lambda-api.ts',
    plugins: [LAMBDA_NEVER_SERVES, HTTP_THROUGH_REQUIRE],
    requireOnlyWhereUsed: true,
  },
  { name: 'server', entry: 'src/entrypoints/server.ts' },
  // sharp loads a native libvips binary: it ships as node_modules/sharp next to the bundle (CDK nodeModules).
  { name: 'lambda/image', entry: 'src/entrypoints/lambda-image.ts', external: ['sharp'] },
  // Jobs estimated at up to 10 minutes (POST /jobs invokes it with { jobId }); reoptimize-images loads sharp.
  { name: 'lambda/job', entry: 'src/entrypoints/lambda-job.ts', external: ['sharp'] },
  // The order event relay's scheduled sweep (EventBridge Scheduler or a rule invokes it every minute).
  { name: 'lambda/relay', entry: 'src/entrypoints/lambda-relay.ts' },
  // Order emails: an SQS queue subscribed to the event bus invokes it; it sends through SES.
  { name: 'lambda/email', entry: 'src/entrypoints/lambda-email.ts' },
  // The AWS Batch container command (and `npm run job`'s bundle): every job; reoptimize-images loads sharp.
  { name: 'batch', entry: 'src/entrypoints/job.ts', external: ['sharp'] },
];

// The API serves its docs page without a CDN: the Swagger UI assets sit next to each bundle.
const DOCS_ASSETS = ['swagger-ui-bundle.js', 'swagger-ui.css'];
// The /advisor page's plain files, read at runtime by src/http/advisor-page/page-files.ts.
const ADVISOR_PAGE_FILES = ['index.html', 'advisor.js', 'advisor.css'];

// ESM bundles have no `require`; CommonJS dependencies bundled into them still call it for Node built-ins.
const BANNER =
  "import { createRequire as __slimshopCreateRequire } from 'node:module';\nconst require = __slimshopCreateRequire(import.meta.url);";

const { values: args } = parseArgs({
  options: {
    quiet: { type: 'boolean', default: false },
    outdir: { type: 'string', default: 'dist' },
    // Not minified: names a CPU profile can show (bench/cold-start-profile.mjs). Never shipped.
    readable: { type: 'boolean', default: false },
  },
});
const outdir = resolve(root, args.outdir);
const swaggerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/**
 * Empties the banner of every file under `dir` that never calls require: most chunks of a split bundle
 * (about 125 bytes each, ~2 KB of the API Lambda's start-up code). Its two lines stay, empty, so the
 * linked source maps still point at the right lines.
 */
async function dropUnusedRequireBanner(dir) {
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.mjs')) continue;
    const file = join(entry.parentPath, entry.name);
    const code = await readFile(file, 'utf8');
    if (code.startsWith(BANNER) && !/\brequire\b/.test(code.slice(BANNER.length)))
      await writeFile(file, `\n${code.slice(BANNER.length)}`);
  }
}

async function buildEntry({ name, entry, external = [], plugins = [], requireOnlyWhereUsed = false }) {
  const dir = join(outdir, name);
  await rm(dir, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: [entry],
    // Code behind dynamic import() (the SDK's SSO, ini-file, web-identity and IMDS credential providers,
    // never used on Lambda or ECS) goes to chunks that are only read when called, not at cold start.
    outdir: dir,
    entryNames: 'index',
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Prefer ES module builds (the AWS SDK ships dist-es): smaller bundles through tree shaking.
    mainFields: ['module', 'main'],
    minify: !args.readable,
    // Maps in a separate file (never loaded unless --enable-source-maps is set), linked so it can be.
    sourcemap: 'linked',
    banner: { js: BANNER },
    external,
    plugins,
    logLevel: 'warning',
  });
  if (requireOnlyWhereUsed) await dropUnusedRequireBanner(dir);
  await mkdir(join(dir, 'docs-assets'), { recursive: true });
  for (const asset of DOCS_ASSETS) await cp(join(swaggerDir, asset), join(dir, 'docs-assets', asset));
  await mkdir(join(dir, 'advisor-page'), { recursive: true });
  for (const file of ADVISOR_PAGE_FILES)
    await cp(join(root, 'src/http/advisor-page', file), join(dir, 'advisor-page', file));
  return { name, file: join(dir, 'index.mjs'), ...bundleSize(dir) };
}

const results = [];
for (const entry of ENTRIES) results.push(await buildEntry(entry));
await buildAdminConsole();

/**
 * The admin console (packages/admin) with Vite into <outdir>/admin, and a copy beside the container's
 * bundle (server/admin), which serves it at /admin/. Skipped where the workspace is absent (a build stage
 * that copies only src/): the API then answers /admin/ with a page saying how to build it.
 */
async function buildAdminConsole() {
  const adminRoot = join(root, 'packages/admin');
  if (!existsSync(join(adminRoot, 'index.html'))) return;
  const { build: viteBuild } = await import('vite');
  const adminOut = join(outdir, 'admin');
  await viteBuild({
    configFile: join(adminRoot, 'vite.config.ts'),
    build: { outDir: adminOut },
    logLevel: 'warn',
  });
  await cp(adminOut, join(outdir, 'server', 'admin'), { recursive: true });
}

if (!args.quiet) {
  const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`.padStart(8);
  console.log(`${'bundle'.padEnd(28)} ${'at start'.padStart(8)} ${'total'.padStart(8)}`);
  for (const { file, startupBytes, totalBytes } of results) {
    console.log(`${relative(root, file).padEnd(28)} ${kb(startupBytes)} ${kb(totalBytes)}`);
  }
}
