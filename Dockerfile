# One image for every process; docker-compose.yml picks the entry point per service.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
# Noto Sans CJK: the electronic certificates' Chinese text (CERTIFICATE_FONT_PATH)
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
# the V8 flags of scripts/services.ts NODE_PROCESS_FLAGS, for every process of the image (compose, Kubernetes)
ENV NODE_OPTIONS="--max-semi-space-size=4 --max-old-space-size=128"
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# uploaded materials (FILE_STORE=local) and the audit anchors: volumes in docker-compose.yml, writable by the node user
RUN mkdir -p /app/var/files /var/lib/permits/anchors && chown node:node /app/var/files /var/lib/permits/anchors
USER node
CMD ["node", "dist/scripts/start.js"]
