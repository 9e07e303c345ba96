# The container runtime of the API (ECS on Fargate or EC2): one bundled file, no node_modules.

FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: the build needs only esbuild's prebuilt binary, not dynalite's native modules.
RUN npm ci --ignore-scripts
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build -- --quiet

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
# bench/catalog-read.mjs starts the server with exactly these flags.
CMD ["node", "--max-semi-space-size=4", "index.mjs"]
