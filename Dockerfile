# syntax=docker/dockerfile:1
#
# kpi-service container image.
#
#   docker build -t kpi-service .
#   docker run --rm -p 8080:8080 kpi-service
#
# Two stages: the binary is built in the official Swift image with the Swift
# standard library linked statically, then copied into a slim Debian of the
# same release (bookworm) that holds only the shared libraries the binary
# loads at run time. scripts/container_check.py reproduces both stages
# without Docker (same build flags, a debootstrap'ed bookworm with exactly
# RUNTIME_PACKAGES, the same user) and runs the service in it.
#
# The ARG lines SWIFT_BUILD_FLAGS, RUNTIME_PACKAGES and APP_UID are read by
# scripts/container_check.py: keep each on one line.

ARG SWIFT_IMAGE=swift:6.3.1-bookworm
ARG RUNTIME_IMAGE=debian:12.11-slim

# ---------------------------------------------------------------- build stage
FROM ${SWIFT_IMAGE} AS build

ARG SWIFT_BUILD_FLAGS="-c release --static-swift-stdlib --product kpi-server"

# Headers of the system libraries the package links (CZlib: zlib; COpenSSL:
# OpenSSL, for the optional TLS); the Swift image does not promise them.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends zlib1g-dev libssl-dev \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /build

# Resolve dependencies in their own layer: it is rebuilt only when the
# manifest (or a Package.resolved, if one is in the context) changes.
COPY Package.* ./
RUN swift package resolve

# Every target directory the manifest names must exist for it to load.
COPY Plugins ./Plugins
COPY Sources ./Sources
COPY Benchmarks ./Benchmarks
COPY Tests ./Tests

# Installed stripped (about half the size; the image has no backtracer that
# would use the symbols).
RUN swift build ${SWIFT_BUILD_FLAGS} \
    && install -D -s -m 0755 "$(swift build ${SWIFT_BUILD_FLAGS} --show-bin-path)/kpi-server" /staging/kpi-server

# -------------------------------------------------------------- runtime stage
FROM ${RUNTIME_IMAGE}

# Exactly the packages that provide the libraries the binary loads (ldd: libc,
# libm, libgcc_s, libstdc++, libz, libssl/libcrypto), listed even though the
# base image has most of them today, and tzdata: the IANA time zone database
# (TZif files under /usr/share/zoneinfo, about 3 MB) that the `timeZone`
# reading option reads (Sources/Reading/ZoneInfo.swift; without it only "UTC"
# is known). No ca-certificates (TLS is server-side only; the service makes no
# outgoing calls).
# scripts/container_check.py fails if ldd finds a library from a package not
# listed here. Versions follow the pinned base image's Debian release and its
# security updates (apt-get install upgrades them), hence no pins (DL3008).
ARG RUNTIME_PACKAGES="libc6 libgcc-s1 libstdc++6 zlib1g libssl3 tzdata"
ARG APP_UID=10001
ARG VERSION=1.0.0

# hadolint ignore=DL3008
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${RUNTIME_PACKAGES} \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --gid "${APP_UID}" kpi \
    && useradd --no-log-init --uid "${APP_UID}" --gid kpi \
        --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin kpi

COPY --from=build --chown=root:root --chmod=0755 /staging/kpi-server /usr/local/bin/kpi-server

# source: placeholder until the repository URL is decided; licenses: proprietary
# (the repository has no LICENSE file yet).
LABEL org.opencontainers.image.title="kpi-service" \
      org.opencontainers.image.description="CRM KPI HTTP microservice (kpi-server)" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.source="https://example.com/kpi-service" \
      org.opencontainers.image.licenses="LicenseRef-Proprietary"

# Configured by the binary's own environment variables (`kpi-server serve --help`):
# HOST, PORT, LOG_LEVEL, LOG_FORMAT, KPI_API_KEYS_FILE, TLS_CERTIFICATE_FILE,
# TLS_KEY_FILE, DRAIN_TIMEOUT, SHUTDOWN_DELAY, ...
ENV HOST=0.0.0.0 \
    PORT=8080 \
    LOG_FORMAT=json

# The service writes nothing to disk; /tmp is the only writable place it may
# need, so the image runs with a read-only root filesystem
# (docker run --read-only --tmpfs /tmp, or readOnlyRootFilesystem in Kubernetes).
WORKDIR /tmp
USER ${APP_UID}:${APP_UID}

EXPOSE 8080

# SIGTERM starts the graceful drain: /readyz turns 503, after SHUTDOWN_DELAY
# the listener closes, in-flight requests finish (DRAIN_TIMEOUT, 10 s), then
# the process exits 0. Docker's default stop timeout is also 10 s: use
# docker stop -t 30 (Kubernetes: terminationGracePeriodSeconds).
STOPSIGNAL SIGTERM

# No curl in the image: the binary checks itself on 127.0.0.1:$PORT/healthz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=5s --retries=3 \
    CMD ["kpi-server", "healthcheck"]

ENTRYPOINT ["kpi-server"]
CMD ["serve"]
