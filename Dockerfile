# The container runtime of the API (ECS on Fargate or EC2): one bundled file, no node_modules.

FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The workspaces (the typed client, the admin console): npm ci installs them and the build bundles them.
COPY packages ./packages
# No install scripts: the build needs only esbuild's prebuilt binary, not the local stand-ins' native packages.
RUN npm ci --ignore-scripts
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build -- --quiet

# The AWS Batch job container (CDK: ContainerImage.fromAsset with target "batch", linux/amd64): the jobs bundle
# plus sharp for this platform (npm ci installed the matching @img binaries above), which the bundle keeps
# external. The job definition's command, `node index.mjs --job-id <id>`, replaces CMD.
FROM node:22-bookworm-slim AS batch
ENV NODE_ENV=production
# sales-report connects to Aurora; without RDS Proxy (dev) its certificate is signed by these CAs.
ADD --chmod=644 https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem /etc/ssl/certs/rds-global-bundle.pem
WORKDIR /app
COPY --from=build --chown=root:root /app/dist/batch ./
COPY --from=build --chown=root:root /app/node_modules/sharp ./node_modules/sharp
COPY --from=build --chown=root:root /app/node_modules/@img ./node_modules/@img
COPY --from=build --chown=root:root /app/node_modules/detect-libc ./node_modules/detect-libc
COPY --from=build --chown=root:root /app/node_modules/semver ./node_modules/semver
USER node
CMD ["node", "index.mjs", "--help"]

# The API server (ECS on Fargate or EC2): the last stage, so a build without --target gets it.
FROM node:22-bookworm-slim
ENV NODE_ENV=production
# Amazon RDS's CAs: a stage without RDS Proxy connects to the Aurora writer, whose certificate they sign; the
# CDK app then points NODE_EXTRA_CA_CERTS here (infra/lib/stacks/container-api-stack.ts).
ADD --chmod=644 https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem /etc/ssl/certs/rds-global-bundle.pem
WORKDIR /app
COPY --from=build --chown=root:root /app/dist/server ./
USER node
EXPOSE 3000
# Node runs as PID 1 and handles SIGTERM itself (drains, then exits 0); the ALB checks GET /health.
# A 4 MB young generation (V8 defaults to 16 MB): request garbage dies young either way, and under load
# RSS stays ~30 MB lower (docs/benchmarks.md). Source maps ship beside the bundle but are not loaded
# (that costs ~11 MB): set NODE_OPTIONS=--enable-source-maps to read stack traces against src/.
# An explicit 128 MB old-generation ceiling (the live heap is ~20 MB; the smallest task has 512 MB) makes V8
# collect before growing: at ~1,000 req/s RSS peaks at ~97 MB instead of ~158 MB, at the same throughput.
# bench/catalog-read.mjs starts the server with exactly these flags.
CMD ["node", "--max-semi-space-size=4", "--max-old-space-size=128", "index.mjs"]
