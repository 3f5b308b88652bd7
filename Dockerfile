# syntax=docker/dockerfile:1
# The einstein-retrain image: the compiled worker with its prebuilt workflow bundle (`npm run build`), the CLI, the
# Einstein emulator and the trigger API. docker-compose.yml builds it once and runs every one of its services from
# it; Temporal itself runs from Temporal's images.
#
# Node 24 is the Active LTS line (security support until April 2028). The tag is pinned so that a rebuild does not
# change Node under a running deployment; raise it on purpose (see docs/OPERATIONS.md, Upgrade).
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: the postinstall provisions the Temporal dev-server binaries, which a container that talks to a
# Temporal service never runs. The SDK's native module ships prebuilt in its package.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/bundle-workflows.js ./scripts/
COPY src ./src
# tsc, then the workflow bundle (dist/workflow-bundle.js): the worker loads it instead of running webpack at every
# start. Then the dev dependencies go.
RUN npm run build && npm prune --omit=dev --ignore-scripts

FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
# The code stays owned by root: the process that runs it (user node) cannot change it.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
# The model history pages' script and style (served by the trigger API).
COPY web ./web
# The mount points of the keys and of the embedded report history, owned by node (uid 1000): a fresh named volume
# mounted here starts writable by node.
RUN mkdir /keys /history && chown node:node /keys /history
USER node
EXPOSE 8088 9464
# The worker, from dist/start.js (what `npm start` runs). Other services of docker-compose.yml override the command:
# `node dist/emulator/main.js`, `node dist/dev-keys.js /keys`, `node bin/einstein-retrain.js <command>`.
CMD ["node", "dist/start.js"]
