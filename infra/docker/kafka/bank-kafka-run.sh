#!/usr/bin/env bash
# The compose stacks' Kafka entrypoint: a thin wrapper around the apache/kafka image's own (/etc/kafka/docker/run),
# which keeps configuring the broker from the service's KAFKA_* variables exactly as the image documents. It adds the
# one thing the image cannot do: write the bank's SCRAM principals into the metadata when the storage is first
# formatted (kafka-storage.sh format --add-scram), so a broker starts with bank-admin, account-service and
# ledger-projector already known and no client listener ever runs unauthenticated.
#
#   entrypoint: ["/bin/bash", "/opt/bank/bank-kafka-run.sh"]        (mounted read-only; see infra/docker-compose.yml)
#
# Environment (besides the image's KAFKA_* and CLUSTER_ID):
#   BANK_KAFKA_ADMIN_PASSWORD, BANK_KAFKA_ACCOUNT_SERVICE_PASSWORD, BANK_KAFKA_LEDGER_PROJECTOR_PASSWORD
#       required, no defaults: the SCRAM-SHA-512 passwords of bank-admin, account-service and ledger-projector,
#       16-128 letters, digits, '.', '_' or '-' (openssl rand -hex 24 makes one). They are written into the metadata
#       on the first start only: changing one later changes nothing there (docs/security.md says how to rotate).
#   BANK_KAFKA_HOME (default /opt/kafka), BANK_KAFKA_IMAGE_ENTRYPOINT (default /etc/kafka/docker/run),
#   BANK_KAFKA_HEALTHCHECK_CONFIG (default /tmp/bank-admin-client.properties): where the image keeps Kafka, its
#       entrypoint, and where the health check's settings go. The compose files leave them alone; a test points them
#       at stand-ins to run this script without the image.
#
# Steps: (1) refuse to start, naming the file, without the TLS files the KAFKA_SSL_* settings name
# (infra/docker/tls/make-local-ca.sh makes them); (2) on the first start, render server.properties from KAFKA_* the
# way the image does (its kafka.docker.KafkaDockerWrapper; ComposeKafkaEntrypointTest compares the two) and format
# the storage with the three principals; (3) write the admin's client settings for the health check, owner-only;
# (4) hand over to the image's entrypoint, whose own format step then finds the storage formatted and goes on.
#
#   bank-kafka-run.sh --print-properties   prints step (2)'s server.properties and exits (for the test above)
set -euo pipefail

KAFKA_HOME="${BANK_KAFKA_HOME:-/opt/kafka}"
IMAGE_ENTRYPOINT="${BANK_KAFKA_IMAGE_ENTRYPOINT:-/etc/kafka/docker/run}"
HEALTHCHECK_CONFIG="${BANK_KAFKA_HEALTHCHECK_CONFIG:-/tmp/bank-admin-client.properties}"
MECHANISM="SCRAM-SHA-512"
ADMIN_USER="bank-admin"
# The image's KafkaDockerWrapper turns every KAFKA_* variable but these into a server property.
NOT_SERVER_PROPERTIES=" KAFKA_VERSION KAFKA_HEAP_OPTS KAFKA_LOG4J_OPTS KAFKA_OPTS KAFKA_JMX_OPTS KAFKA_JVM_PERFORMANCE_OPTS \
KAFKA_GC_LOG_OPTS KAFKA_LOG4J_ROOT_LOGLEVEL KAFKA_LOG4J_LOGGERS KAFKA_TOOLS_LOG4J_LOGLEVEL KAFKA_JMX_HOSTNAME "

fail() {
  echo "bank-kafka: $*" >&2
  exit 1
}

# KAFKA_LISTENER_NAME_INTERNAL_SCRAM___SHA___512_SASL_JAAS_CONFIG -> listener.name.internal.scram-sha-512.sasl.jaas.config,
# the image's rule: drop KAFKA_, lower case, '_' -> '.', then '...' -> '-' and '..' -> '_'.
render_server_properties() {
  local name key
  for name in $(compgen -e | LC_ALL=C sort); do
    case "$name" in KAFKA_*) ;; *) continue ;; esac
    case "$NOT_SERVER_PROPERTIES" in *" $name "*) continue ;; esac
    key="${name//KAFKA_/}"
    key="${key,,}"
    key="${key//_/.}"
    key="${key//.../-}"
    key="${key//../_}"
    printf '%s=%s\n' "$key" "${!name}"
  done
}

if [ "${1:-}" = "--print-properties" ]; then
  render_server_properties
  exit 0
fi

# (1) TLS files: Docker mounts an empty folder where a file to mount is missing, and Kafka's message would not say why.
for store in "${KAFKA_SSL_KEYSTORE_LOCATION:-}" "${KAFKA_SSL_TRUSTSTORE_LOCATION:-}"; do
  [ -n "$store" ] || fail "KAFKA_SSL_KEYSTORE_LOCATION and KAFKA_SSL_TRUSTSTORE_LOCATION must name the broker's PEM files"
  [ -f "$store" ] && [ -r "$store" ] || fail "$store is not a readable file: make the certificates first with" \
    "infra/docker/tls/make-local-ca.sh (then docker compose down and up again)"
done

declare -A passwords=(
  [bank-admin]="${BANK_KAFKA_ADMIN_PASSWORD:-}"
  [account-service]="${BANK_KAFKA_ACCOUNT_SERVICE_PASSWORD:-}"
  [ledger-projector]="${BANK_KAFKA_LEDGER_PROJECTOR_PASSWORD:-}"
)
declare -A variables=(
  [bank-admin]=BANK_KAFKA_ADMIN_PASSWORD
  [account-service]=BANK_KAFKA_ACCOUNT_SERVICE_PASSWORD
  [ledger-projector]=BANK_KAFKA_LEDGER_PROJECTOR_PASSWORD
)
for user in bank-admin account-service ledger-projector; do
  # written into a JAAS line and a --add-scram argument as they are: nothing that would need quoting
  [[ "${passwords[$user]}" =~ ^[A-Za-z0-9._-]{16,128}$ ]] || fail "${variables[$user]} must be 16-128 letters, digits," \
    "'.', '_' or '-' (openssl rand -hex 24 makes one); the value is not shown"
done

# (2) Format once, with the principals. The image formats too (without them) and tolerates "already formatted".
log_dir="${KAFKA_LOG_DIRS%%,*}"
if [ -f "$log_dir/meta.properties" ]; then
  echo "bank-kafka: $log_dir is formatted already: its SCRAM principals are those written then"
else
  [ -n "${CLUSTER_ID:-}" ] || fail "CLUSTER_ID must be set"
  format_dir="$(mktemp -d)"
  (umask 077 && render_server_properties > "$format_dir/server.properties")
  "$KAFKA_HOME/bin/kafka-storage.sh" format --cluster-id "$CLUSTER_ID" --config "$format_dir/server.properties" \
    --add-scram "$MECHANISM=[name=bank-admin,password=${passwords[bank-admin]}]" \
    --add-scram "$MECHANISM=[name=account-service,password=${passwords[account-service]}]" \
    --add-scram "$MECHANISM=[name=ledger-projector,password=${passwords[ledger-projector]}]" >/dev/null \
    || fail "formatting $log_dir failed (kafka-storage.sh's message above)"
  rm -rf "$format_dir"
  echo "bank-kafka: formatted $log_dir with the $MECHANISM principals bank-admin, account-service, ledger-projector"
fi

# (3) The health check's client: the admin over the INTERNAL listener, TLS checked against the CA like any client.
(
  umask 077
  cat > "$HEALTHCHECK_CONFIG" <<PROPERTIES
security.protocol=SASL_SSL
sasl.mechanism=$MECHANISM
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$ADMIN_USER" password="${passwords[bank-admin]}";
ssl.truststore.type=PEM
ssl.truststore.location=$KAFKA_SSL_TRUSTSTORE_LOCATION
ssl.endpoint.identification.algorithm=https
PROPERTIES
)

# (4) The image's entrypoint: its configure and launch steps, from the same KAFKA_* variables.
exec "$IMAGE_ENTRYPOINT"
