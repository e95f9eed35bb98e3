# The one image of the Node services: api (default command) and worker (`node dist/worker.mjs`), plus a `tools`
# target for the trainer and the load generator. onnxruntime-node needs glibc: Debian slim, never Alpine.
# Build from the repository root: docker build -f infra/docker/node-service.Dockerfile .
ARG NODE_IMAGE=node:20.19-bookworm-slim

# Only the files `npm ci` reads, so the install layers stay cached until a package.json or the lockfile changes.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir /manifests \
 && find . -name node_modules -prune -o \( -name package.json -o -name package-lock.json -o -name .npmrc \) -print \
    | xargs -I{} cp --parents {} /manifests/

# Every dependency (dev included) and the sources: bundles the services, and runs training and load generation.
# --ignore-scripts: no install script may download anything outside the lockfile (onnxruntime's CUDA fetch,
# tfjs-node's binary); esbuild's platform binary is a regular optional dependency in the lockfile.
FROM ${NODE_IMAGE} AS build
WORKDIR /src
ENV ONNXRUNTIME_NODE_INSTALL=skip ORT_DISABLE_TELEMETRY=1
COPY --from=manifests /manifests/ ./
RUN npm ci --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY . .
RUN node infra/docker/bundle.mjs /src/dist

# What the bundles import at run time (onnxruntime-node, msgpackr and their dependencies: no TensorFlow, no dev
# tools), with onnxruntime's binaries for this platform only (the package ships macOS, Windows and arm64 builds
# too: ~245 MB of its 290).
FROM build AS runtime-deps
RUN node infra/docker/copy-runtime-packages.mjs /src/node_modules dist/runtime-packages.json /runtime/node_modules \
 && platform="$(node -p 'process.platform + "/" + process.arch')" \
 && for dir in /runtime/node_modules/onnxruntime-node/bin/napi-v*/*/*; do \
      case "$dir" in */"$platform") ;; *) rm -rf "$dir" ;; esac; \
    done \
 && test -e "/runtime/node_modules/onnxruntime-node/bin/napi-v6/$platform/onnxruntime_binding.node"

# The trainer and the load generator: sources and all dependencies, run with tsx (a tool image, not a server).
FROM build AS tools
# The commit the image is built from, recorded in each trained model's lineage (no git inside the image).
ARG CODE_VERSION=
ENV MODEL_REPOSITORY=/models NODE_ENV=production CODE_VERSION=${CODE_VERSION}
RUN mkdir -p /models && cp -r models/. /models/ && chown -R node:node /models
USER node
ENTRYPOINT ["node", "--import", "tsx", "packages/training/src/cli/train.ts"]

# The serving image: Node, the bundles (dependencies compiled in), the packages they load from disk, the shipped model.
FROM ${NODE_IMAGE} AS runtime
# HOST and METRICS_HOST: in a container, the API and the worker's /metrics listen on every interface.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    METRICS_HOST=0.0.0.0 \
    LOG_FORMAT=json \
    MODEL_REPOSITORY=/models \
    ORT_DISABLE_TELEMETRY=1
WORKDIR /app
# tini as PID 1: Node as PID 1 ignores SIGTERM until the app installs its handler (model load, Redis connect), so a
# stop during start-up would wait for the kill; under tini it ends the process at once. Debian's package, +2 MB.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
COPY --from=runtime-deps /runtime/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY --chown=node:node models /models
# The commit the image is built from, for the lineage of models the retrainer trains (no git inside the image).
ARG CODE_VERSION=
ENV CODE_VERSION=${CODE_VERSION}
USER node
EXPOSE 8080 9464
HEALTHCHECK --interval=5s --timeout=3s --start-period=20s --retries=3 CMD ["node", "dist/healthcheck.mjs", "api"]
ENTRYPOINT ["tini", "--"]
CMD ["node", "--enable-source-maps", "dist/api.mjs"]
