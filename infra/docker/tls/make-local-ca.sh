#!/usr/bin/env bash
# Makes the TLS files of the compose stacks' Kafka brokers (infra/docker-compose.yml, docker-compose.3-brokers.yml):
# a local certificate authority and one broker certificate signed by it, in PEM, which Kafka reads as they are
# (ssl.keystore.type=PEM, ssl.truststore.type=PEM: no JKS, no store passwords).
#
#   infra/docker/tls/make-local-ca.sh [--force] [DIR]      DIR defaults to infra/docker/tls/local (git-ignored)
#
# Writes into DIR:
#   ca.crt            the CA certificate: every client's truststore (BANK_KAFKA_SSL_TRUSTSTORE) and the brokers'
#   kafka-broker.pem  the brokers' private key (PKCS#8, unencrypted) followed by their certificate chain: the brokers'
#                     key store (ssl.keystore.location). Also presented by each broker as its client certificate on
#                     the CONTROLLER listener (mutual TLS), where it is the principal User:CN=kafka-broker
#   kafka-broker.crt  the broker certificate alone, to inspect: openssl x509 -in kafka-broker.crt -noout -text
#
# One certificate serves every broker: its subject alternative names are every name a client may connect to
# (kafka, kafka-1, kafka-2, kafka-3 on the compose network; localhost from the host), and clients check them
# (ssl.endpoint.identification.algorithm=https). The CA's private key is deleted once the broker certificate is
# signed, so nothing else can ever be signed by this CA; --force makes a new CA and a new broker certificate (then
# restart the whole stack: every container trusts ca.crt).
#
# Idempotent: when DIR already holds all three files it changes nothing and exits 0. It refuses (exit 1) to touch
# a partial set or anything that is not a regular file (Docker makes an empty folder in place of a missing file it
# was asked to mount: delete it), unless --force. For a local stack only: a real deployment takes its brokers'
# certificates from the bank's own CA.
set -euo pipefail

FILES="ca.crt kafka-broker.pem kafka-broker.crt"
SANS="DNS:kafka,DNS:kafka-1,DNS:kafka-2,DNS:kafka-3,DNS:localhost"
BROKER_SUBJECT="/CN=kafka-broker"
CA_SUBJECT="/CN=eventbank local development CA"
CA_DAYS=3650
BROKER_DAYS=825

usage() {
  echo "usage: $0 [--force] [DIR]   (DIR defaults to infra/docker/tls/local)" >&2
  exit 2
}

force=false
dir=""
for arg in "$@"; do
  case "$arg" in
    --force) force=true ;;
    -h|--help) usage ;;
    -*) echo "make-local-ca: unknown option $arg" >&2; usage ;;
    *) [ -z "$dir" ] || usage; dir="$arg" ;;
  esac
done
[ -n "$dir" ] || dir="$(cd "$(dirname "$0")" && pwd)/local"

command -v openssl >/dev/null 2>&1 || { echo "make-local-ca: openssl is not installed (Debian: apt-get install openssl)" >&2; exit 1; }

present=""
missing=""
for file in $FILES; do
  if [ -e "$dir/$file" ] || [ -L "$dir/$file" ]; then
    if [ ! -f "$dir/$file" ] && [ "$force" != true ]; then
      echo "make-local-ca: $dir/$file is not a regular file (a folder Docker made when the stack started before the" >&2
      echo "  certificates existed?): delete it, or run again with --force" >&2
      exit 1
    fi
    present="$present $file"
  else
    missing="$missing $file"
  fi
done

if [ "$force" != true ]; then
  if [ -z "$missing" ]; then
    echo "make-local-ca: $dir already holds$present: nothing changed (--force makes a new CA and broker certificate)"
    exit 0
  fi
  if [ -n "$present" ]; then
    echo "make-local-ca: $dir holds$present but not$missing: refusing to mix a new CA with old files;" >&2
    echo "  run again with --force to replace them all" >&2
    exit 1
  fi
fi

mkdir -p "$dir"
# other users of this machine have no business with the broker's key: the folder is its owner's only
chmod 700 "$dir"
work="$(mktemp -d "$dir/.make-local-ca.XXXXXX")"
trap 'rm -rf "$work"' EXIT
umask 077

cat > "$work/openssl.cnf" <<CNF
[req]
distinguished_name = subject
prompt = no
[subject]
[ca_extensions]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[broker_extensions]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
# serverAuth: every listener; clientAuth: the broker's own connections to the CONTROLLER listener (mutual TLS)
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = $SANS
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF

# genpkey writes PKCS#8 ("BEGIN PRIVATE KEY"), the form Kafka's PEM key store reads
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out "$work/ca.key" 2>/dev/null
openssl req -new -x509 -config "$work/openssl.cnf" -extensions ca_extensions -key "$work/ca.key" -subj "$CA_SUBJECT" \
  -days "$CA_DAYS" -sha256 -out "$work/ca.crt"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/kafka-broker.key" 2>/dev/null
openssl req -new -config "$work/openssl.cnf" -key "$work/kafka-broker.key" -subj "$BROKER_SUBJECT" -out "$work/kafka-broker.csr"
openssl x509 -req -in "$work/kafka-broker.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" \
  -set_serial "0x$(openssl rand -hex 16)" -days "$BROKER_DAYS" -sha256 \
  -extfile "$work/openssl.cnf" -extensions broker_extensions -out "$work/kafka-broker.crt" 2>/dev/null
openssl verify -CAfile "$work/ca.crt" "$work/kafka-broker.crt" >/dev/null
cat "$work/kafka-broker.key" "$work/kafka-broker.crt" "$work/ca.crt" > "$work/kafka-broker.pem"

# Readable by everyone inside the owner-only folder: each file is bind-mounted on its own into containers whose
# user (appuser in the Kafka image, the services' non-root user) is not this machine's user, and the folder's mode
# keeps this machine's other users out.
chmod 644 "$work/ca.crt" "$work/kafka-broker.crt" "$work/kafka-broker.pem"
for file in $FILES; do
  rm -rf "${dir:?}/$file"
  mv "$work/$file" "$dir/$file"
done
# the CA key and the request die with $work: nothing more can be signed by this CA

echo "make-local-ca: wrote $dir/ca.crt (CA: $CA_SUBJECT, $CA_DAYS days), $dir/kafka-broker.pem and kafka-broker.crt"
echo "  (broker: $BROKER_SUBJECT, $BROKER_DAYS days, $SANS); the CA's private key is not kept"
