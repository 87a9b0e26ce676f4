#!/bin/sh
# Kafka security for docker-compose.yml, with the apache/kafka image's own tools.
#   kafka.sh healthcheck   the broker answers its admin over SASL (the kafka service's health check)
#   kafka.sh init          SCRAM users for the services and integrations, then every ACL in ./acls
# The admin authenticates with SASL/PLAIN on the broker listener (SLA_KAFKA_ADMIN_BOOTSTRAP);
# everybody else uses SCRAM-SHA-512. Passwords come from the environment: SLA_KAFKA_ADMIN_PASSWORD,
# and for init SLA_KAFKA_CONTRACT_PASSWORD, SLA_KAFKA_PROJECTION_PASSWORD, SLA_KAFKA_INTEGRATION_PASSWORD
# (letters, digits, '-' and '_'; SCRAM's configuration syntax and JAAS quoting take nothing else).
set -eu
set -f

BIN=${KAFKA_BIN:-/opt/kafka/bin}
HERE=$(cd "$(dirname "$0")" && pwd)
BOOTSTRAP=${SLA_KAFKA_ADMIN_BOOTSTRAP:-kafka:9094}
ADMIN=$(mktemp)
trap 'rm -f "$ADMIN"' EXIT
cat > "$ADMIN" <<PROPERTIES
security.protocol=SASL_PLAINTEXT
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$SLA_KAFKA_ADMIN_PASSWORD";
PROPERTIES

scram_user() {
  "$BIN/kafka-configs.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" \
    --alter --entity-type users --entity-name "$1" --add-config "SCRAM-SHA-512=[password=$2]"
}

case "${1:-}" in
  healthcheck)
    "$BIN/kafka-broker-api-versions.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" > /dev/null
    ;;
  init)
    scram_user contract-service "$SLA_KAFKA_CONTRACT_PASSWORD"
    scram_user projection-service "$SLA_KAFKA_PROJECTION_PASSWORD"
    scram_user integration "$SLA_KAFKA_INTEGRATION_PASSWORD"
    while read -r line; do
      case "$line" in
        '' | '#'*) continue ;;
      esac
      # Word splitting of $line is meant: each line holds kafka-acls.sh arguments.
      # shellcheck disable=SC2086
      "$BIN/kafka-acls.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add $line > /dev/null
    done < "$HERE/acls"
    echo "kafka.sh init: SCRAM users and ACLs in place"
    ;;
  *)
    echo "usage: kafka.sh healthcheck|init" >&2
    exit 2
    ;;
esac
