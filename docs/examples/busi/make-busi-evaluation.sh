#!/bin/sh
# Evaluation of the imaging networks trained on the real BUSI images (malignant vs benign) on the
# test split, which no training run saw. Input: the output folders of `pd1_imaging compare` runs
# (their predictions.csv), given as NAME=FOLDER[:TASK] arguments. docs/imaging-model.md and
# docs/preprocessing.md give the cohort and compare commands that make them.
#
# Only the ROC and calibration figures are copied into this folder. The merged predictions and the
# report with per-case values stay under $WORK (default evaluation/target/busi).
#
# Run from the repository root, for example:
#   docs/examples/busi/make-busi-evaluation.sh study-cnn=/tmp/imaging-comparison:malignant-vs-benign
set -eu
ROOT=$PWD
WORK=${WORK:-$ROOT/evaluation/target/busi}
OUT=$ROOT/docs/examples/busi
if [ "$#" -eq 0 ]; then
  echo "usage: $0 NAME=COMPARE_FOLDER[:TASK] ..." >&2
  exit 2
fi

rm -rf "$WORK"
mkdir -p "$WORK"
./mvnw -B -q -pl evaluation compile dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt"
CLASSPATH_ALL="$ROOT/evaluation/target/classes:$(cat "$WORK/classpath.txt")"

sources=""
for argument in "$@"; do
  name=${argument%%=*}
  location=${argument#*=}
  folder=${location%%:*}
  task=""
  case "$location" in *:*) task=":${location#*:}" ;; esac
  sources="$sources $name=$folder/predictions.csv$task"
done
# shellcheck disable=SC2086
/usr/bin/python3 "$OUT/merge_predictions.py" "$WORK/all-splits.csv" busi-malignant-vs-benign $sources
# Keep the header and the test rows: the validation split chose each network's epoch and threshold.
awk -F, 'NR == 1 || $4 == "test"' "$WORK/all-splits.csv" > "$WORK/predictions.csv"

java -Djava.awt.headless=true -cp "$CLASSPATH_ALL" org.pd1response.evaluation.cli.EvaluationCommand evaluate \
  --predictions "$WORK/predictions.csv" --out "$WORK/report" --title "BUSI malignant vs benign, test split"
cp "$WORK/report/figures/"roc-*.png "$WORK/report/figures/"calibration-*.png "$OUT/"
