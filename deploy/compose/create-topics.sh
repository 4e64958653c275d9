#!/bin/sh
# Creates the topic catalogue (Topics.all() in event-contracts) on the single-host broker. The
# deployment tests compare every line with the catalogue. --if-not-exists makes a second run a no-op.
set -eu

create() {
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --create --if-not-exists \
    --replication-factor 1 --topic "$1" --partitions "$2" --config "$3" ${4:+--config "$4"}
}

create pacs.study-notifications 6 cleanup.policy=delete retention.ms=604800000
create emr.clinical-records 6 cleanup.policy=delete retention.ms=604800000
create cases.image-ingested 6 cleanup.policy=delete retention.ms=604800000
create cases.clinical-record-ingested 6 cleanup.policy=delete retention.ms=604800000
create cases.image-preprocessed 6 cleanup.policy=delete retention.ms=604800000
create scores.imaging 6 cleanup.policy=delete retention.ms=604800000
create scores.clinical 6 cleanup.policy=delete retention.ms=604800000
create predictions 6 cleanup.policy=delete retention.ms=2592000000
create models.published 1 cleanup.policy=compact
create dlq.ingest 1 cleanup.policy=delete retention.ms=2592000000
create dlq.preprocess 1 cleanup.policy=delete retention.ms=2592000000
create dlq.imaging-inference 1 cleanup.policy=delete retention.ms=2592000000
create dlq.clinical-inference 1 cleanup.policy=delete retention.ms=2592000000
create dlq.ensemble 1 cleanup.policy=delete retention.ms=2592000000
