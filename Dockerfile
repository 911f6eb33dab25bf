# The worker and the API, built once; docker-compose runs the image twice with different commands.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles its native module when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# `npm install` honours the lockfile; `npm ci` would refuse it because the lockfile was made where
# other platforms' optional packages (@swc/core-darwin-*, ...) could not be listed.
RUN npm install --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY domain domain
COPY workflows workflows
COPY activities activities
COPY workers workers
COPY api api
COPY triggers triggers
COPY db db
COPY config config
COPY scripts scripts
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
# MALLOC_ARENA_MAX: the Temporal SDK's native threads would each grow malloc arenas of their own
# (a worker holding thousands of waiting workflows measured a third less memory with 2).
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/data MALLOC_ARENA_MAX=2
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
# The inbox page's files are served as they are (not compiled).
COPY --from=build /app/api/inbox dist/api/inbox
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000 2525
CMD ["node", "dist/api/main.js"]
