#!/bin/sh
# Regenerates the checked-in reference values of the metric tests: the demo cohort from project
# code with a fixed seed, then R's pROC and scikit-learn/SciPy on its predictions.
# Run from the repository root: evaluation/src/test/reference/make-reference.sh
set -eu
SEED=20261204
HERE=evaluation/src/test/reference
OUT=evaluation/src/test/resources/reference
WORK=evaluation/target/reference-demo
./mvnw -B -q -pl evaluation compile exec:java -Dexec.args="demo --out $PWD/$WORK --seed $SEED --overlays 0"
mkdir -p "$OUT"
cp "$WORK/predictions.csv" "$OUT/predictions.csv"
cp "$WORK/baseline.csv" "$OUT/baseline.csv"
/usr/bin/Rscript "$HERE/proc_reference.R" "$OUT/predictions.csv" "$OUT/proc-reference.csv"
/usr/bin/python3 "$HERE/sklearn_reference.py" "$OUT/predictions.csv" "$OUT/baseline.csv" "$OUT/sklearn-reference.json"
