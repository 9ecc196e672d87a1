# One image for the gateway and every subgraph: docker-compose.yml (or a Kubernetes Deployment)
# picks the process with its command; the default is the gateway. See docs/DEPLOYING.md.

# Build stage: all dependencies (TypeScript), compile to dist/ (`npm run build`).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: compiling needs TypeScript only (not the embedded PostgreSQL binaries).
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY . .
RUN npm run build

# Runtime stage: production dependencies and the compiled JavaScript; no TypeScript runtime
# (tsx, typescript and the embedded PostgreSQL of `npm start` are devDependencies).
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# Code and dependencies stay owned by root: the processes cannot change them.
USER node
# 4000: the gateway's public port. The ops listener (4010, /metrics /status /readyz) is for the
# orchestrator's probes and Prometheus inside the network, never published.
EXPOSE 4000
# The gateway's readiness (each subgraph service overrides it with its own /readyz). The probe
# script, not curl: the slim image has no curl or wget.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "dist/platform/probe.js", "http://127.0.0.1:4010/readyz"]
CMD ["node", "--enable-source-maps", "dist/gateway/main.js"]
