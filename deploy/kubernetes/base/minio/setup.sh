#!/bin/sh
# Creates the two buckets, one policy per bucket and the two service users, and attaches the
# policies. Only the ingest user may read or write the originals bucket, because originals can
# carry patient identifiers. Every step is meant to tolerate a second run, so the Job can be
# re-applied after a policy change.
# NOTE: this script has not been run against a real MinIO here (no container engine); the
# deployment tests only parse it.
set -eu

mc alias set pd1 "$MINIO_ENDPOINT" "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD"

mc mb --ignore-existing pd1/pd1-originals
mc mb --ignore-existing pd1/pd1-derived

mc admin policy create pd1 originals-readwrite /etc/minio-setup/originals-readwrite.json
mc admin policy create pd1 derived-readwrite /etc/minio-setup/derived-readwrite.json

mc admin user add pd1 "$INGEST_ACCESS_KEY" "$INGEST_SECRET_KEY"
mc admin user add pd1 "$PIPELINE_ACCESS_KEY" "$PIPELINE_SECRET_KEY"

# "policy attach" fails when the policy is already attached, which is the state we want.
attach() {
  mc admin policy attach pd1 "$1" --user "$2" || echo "policy $1 already attached"
}
attach originals-readwrite "$INGEST_ACCESS_KEY"
attach derived-readwrite "$INGEST_ACCESS_KEY"
attach derived-readwrite "$PIPELINE_ACCESS_KEY"
