#!/bin/sh
# Regenerates this example report from the synthetic demo cohort (seed 20261204). No patient data
# goes into it.
# Run from the repository root: docs/examples/evaluation-report/make-report.sh
set -eu
ROOT=$PWD
DEMO=$ROOT/evaluation/target/example-demo
OUT=$ROOT/docs/examples/evaluation-report
./mvnw -B -q -pl evaluation compile exec:java -Dexec.args="demo --out $DEMO --seed 20261204 --overlays 40"
rm -rf "$OUT/figures" "$OUT/gallery"
./mvnw -B -q -pl evaluation exec:java -Dexec.args="evaluate --predictions $DEMO/predictions.csv --out $OUT \
  --title 'Demo cohort evaluation (synthetic data)' --baseline $DEMO/baseline.csv --group-column response \
  --overlays $DEMO/overlays --gallery-model cnn --gallery-size 8 --seed 42"
