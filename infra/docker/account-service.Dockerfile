# syntax=docker/dockerfile:1
# The account-service image. Build context: the repository root, e.g.
#   docker build -f infra/docker/account-service.Dockerfile -t eventbank/account-service:local .
# (infra/docker-compose.yml does this). Not built in CI: the build machines have no Docker engine;
# ComposeFileTest checks what can be checked without one.

# ---- build: the Maven wrapper compiles this module and the modules it depends on --------------
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# The cache mount keeps ~/.m2 between builds, so only the first build downloads dependencies.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -pl account-service -am package -Dmaven.test.skip=true

# ---- runtime: a JRE, the shaded jar, a non-root user ------------------------------------------
FROM eclipse-temurin:17-jre
RUN groupadd --system bank \
    && useradd --system --gid bank --home-dir /app --shell /usr/sbin/nologin bank \
    && mkdir -p /app /var/lib/bank/state \
    && chown -R bank:bank /var/lib/bank
COPY --from=build /src/account-service/target/account-service.jar /app/app.jar
WORKDIR /app
USER bank
# Kafka Streams state (RocksDB) lives here; compose mounts a named volume on it so a restarted
# container restores from local state instead of replaying the changelogs.
# Bearer tokens: give the container BANK_JWKS_URI, BANK_TOKEN_ISSUER and BANK_TOKEN_AUDIENCE (your identity
# provider; README, "A real identity provider"). Without them the service refuses to start, naming the first
# one missing. BANK_AUTH_DEV=true (the local issuer of ./bank up) is for local runs, never for an image.
ENV BANK_HTTP_PORT=8080 \
    BANK_STATE_DIR=/var/lib/bank/state
VOLUME ["/var/lib/bank/state"]
EXPOSE 8080
# Ready only once the Kafka Streams client is RUNNING (503 before). bash's /dev/tcp avoids
# depending on curl or wget being in the base image.
HEALTHCHECK --interval=5s --timeout=3s --start-period=60s --retries=6 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${BANK_HTTP_PORT} && printf 'GET /health/ready HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# 40% of the container's memory for the heap: RocksDB's 128 MiB budget (BANK_ROCKSDB_MEMORY_BYTES) and the JVM's
# own memory live outside it (measured with 1,000,000 accounts and -Xmx384m: ~610 MB resident; docs/performance.md).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=40", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/app.jar"]
