# einstein-retrain worker (and CLI, emulator, trigger API) image.
# The Temporal server is not in this image: docker-compose runs the official temporalio/temporal image.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Skip the postinstall that provisions Temporal binaries: the container talks to a Temporal service.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --ignore-scripts

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
USER node
# Default: the worker. Override the command for the emulator (`node dist/emulator/main.js`) or the trigger API.
CMD ["node", "dist/start.js"]
