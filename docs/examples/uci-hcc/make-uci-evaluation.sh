#!/bin/sh
# Out-of-fold evaluation of the clinical classifiers on the real UCI HCC records (135 patients,
# outcome survivalTarget: 1 = alive at one year). The rows are split into 5 stratified folds. For
# each fold, the clinical-model training command trains one model per classifier on the other 4
# folds, and the evaluation's score command scores the held-out fold. The 5 scored folds together
# give one out-of-fold probability per patient and classifier, which `evaluate` turns into the
# performance table, the DeLong comparisons and the curves.
#
# Only the ROC and calibration figures are copied into this folder. The predictions, models and
# report with per-patient values stay under $WORK (default evaluation/target/uci-hcc).
#
# Run from the repository root: PIPELINE_DATA_DIR=/path/to/data docs/examples/uci-hcc/make-uci-evaluation.sh
set -eu
ROOT=$PWD
DATA=${PIPELINE_DATA_DIR:?set PIPELINE_DATA_DIR to the folder with hcc-uci/}/hcc-uci/hcc-data-with-header.csv
WORK=${WORK:-$ROOT/evaluation/target/uci-hcc}
OUT=$ROOT/docs/examples/uci-hcc
FOLDS=5
SEED=20261204
REPEATS=${REPEATS:-2}
CLASSIFIERS="LOGISTIC_REGRESSION:clinical-lr SVM:clinical-svm KNN:clinical-knn DECISION_TREE:clinical-tree RANDOM_FOREST:clinical-forest"
# Case ids are derived from "row-N" with this key; it protects nothing, as the data set is public.
export PIPELINE_PSEUDONYMISATION_KEY="uci-hcc-evaluation-only-key-0123456789abcdef"

rm -rf "$WORK"
mkdir -p "$WORK"
# The evaluation's class path contains the installed clinical-model jar, so both commands run from it.
./mvnw -B -q -pl evaluation compile dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt"
CLASSPATH_ALL="$ROOT/evaluation/target/classes:$(cat "$WORK/classpath.txt")"

mkdir -p "$WORK/models" "$WORK/predictions"
/usr/bin/python3 "$OUT/split_folds.py" "$DATA" "$WORK/folds" survivalTarget "$FOLDS" "$SEED"

fold=1
while [ "$fold" -le "$FOLDS" ]; do
  models=""
  for entry in $CLASSIFIERS; do
    classifier=${entry%%:*}
    name=${entry#*:}
    java -cp "$CLASSPATH_ALL" org.pd1response.clinical.model.TrainClinicalModelCommand \
      --data "$WORK/folds/fold-$fold-train.csv" --out "$WORK/models/fold-$fold/$name" --schema uci-hcc \
      --outcome survivalTarget --name "$name" --version "fold-$fold" --candidates "$classifier" \
      --repeats "$REPEATS" --seed "$SEED" > "$WORK/models/train-fold-$fold-$name.log" 2>&1 \
      || { echo "training $name on fold $fold failed; see $WORK/models/train-fold-$fold-$name.log"; exit 1; }
    models="$models --clinical-model $WORK/models/fold-$fold/$name"
  done
  # shellcheck disable=SC2086
  java -Djava.awt.headless=true -cp "$CLASSPATH_ALL" org.pd1response.evaluation.cli.EvaluationCommand score \
    --cases "$WORK/folds/fold-$fold-test.csv" --clinical "$WORK/folds/fold-$fold-test.csv" \
    --record-id-column record_id --clinical-key record_id --label-column survivalTarget --cohort uci-hcc \
    --clinical-schema uci-hcc $models --out "$WORK/predictions/fold-$fold.csv"
  fold=$((fold + 1))
done

# One predictions file with every fold's rows; each model's threshold is the mean of its fold thresholds.
/usr/bin/python3 "$OUT/merge_folds.py" "$WORK/predictions.csv" "$WORK"/predictions/fold-*.csv

java -Djava.awt.headless=true -cp "$CLASSPATH_ALL" org.pd1response.evaluation.cli.EvaluationCommand evaluate \
  --predictions "$WORK/predictions.csv" --out "$WORK/report" --title "UCI HCC one-year survival, out-of-fold"
cp "$WORK/report/figures/"roc-*.png "$WORK/report/figures/"calibration-*.png "$OUT/"
echo "Report in $WORK/report; curves copied to $OUT"
