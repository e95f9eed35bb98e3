# One image for each Node service (api, worker). onnxruntime-node needs glibc: slim, never alpine.
FROM node:20.19-bookworm-slim
ARG SERVICE=api
ENV NODE_ENV=production ONNXRUNTIME_NODE_INSTALL=skip SERVICE=${SERVICE}
WORKDIR /app
COPY . .
RUN npm ci --include=dev --omit=optional && npm cache clean --force
WORKDIR /app/apps/${SERVICE}
USER node
CMD ["node", "--import", "tsx", "src/main.ts"]
