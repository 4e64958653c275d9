#!/usr/bin/env bash
# Trains the demo models on generated data only and installs them under demo/models/, where
# `./pipeline demo` publishes them. Every step is seeded, so a rerun on the same machine gives
# the same cohort; the models themselves agree closely, not bit for bit, because PyTorch and
# Smile on several threads do not sum in a fixed order.
#
# Steps: generate a synthetic cohort; preprocess it with the cohort command (tensors, manifest and
# stratified splits); train the study CNN on the train and validation splits; train the clinical
# model on the clinical rows of the same splits; score the held-out test split through the real
# services; fit the ensemble weights and threshold on those scores.
#
# Needs Debian's python3-torch, python3-torchvision and python3-onnx for /usr/bin/python3.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

PYTHON=/usr/bin/python3
WORK="$ROOT/.pipeline/demo-training"
CASES="${DEMO_TRAINING_CASES:-400}"
VERSION="${DEMO_MODEL_VERSION:-demo-1}"
EPOCHS="${DEMO_TRAINING_EPOCHS:-15}"
# Only the training manifests' case ids use this key; it protects nothing, as the data is synthetic.
export PIPELINE_PSEUDONYMISATION_KEY="demo-training-only-key-0123456789abcdef"

pipeline_cli() {
  java -Dpipeline.root="$ROOT" -cp "local-stack/target/classes:$(cat local-stack/target/classpath.txt)" \
    org.pd1response.localstack.PipelineCommand "$@"
}

card_value() {
  "$PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"
}

rm -rf "$WORK"
mkdir -p "$WORK/models/imaging-cnn" "$WORK/models/clinical"

echo "1/6 Generating $CASES synthetic cases ..."
pipeline_cli generate-demo-data "$WORK/cohort" --cases "$CASES" --seed 7

echo "2/6 Preprocessing them into tensors with splits ..."
# The committed demo models were trained with the DIM overlay, before BLANK became the library's
# default, so the mode is fixed here to keep this script reproducing them.
./mvnw -B -q -pl preprocessing exec:java -Dexec.mainClass=org.pd1response.preprocessing.cohort.CohortCommand \
  -Dexec.args="--input $WORK/cohort --output $WORK/tensors --layout csv --listing $WORK/cohort/cases.csv --cohort demo --seed 7 --overlay-mode DIM"

echo "3/6 Training the imaging CNN ..."
PYTHONPATH="$ROOT/imaging-training/src/main/python" "$PYTHON" -m pd1_imaging train --cohort "$WORK/tensors" \
  --out "$WORK/imaging" --architecture study-cnn --optimizer adam --max-epochs "$EPOCHS" --patience 5 --seed 7 \
  --name imaging-cnn --version "$VERSION" --class-labels non-responder,responder
cp "$WORK/imaging/model.onnx" "$WORK/models/imaging-cnn/model.onnx"
cp "$WORK/imaging/model-card.json" "$WORK/models/imaging-cnn/card.json"

echo "4/6 Training the clinical model ..."
"$PYTHON" demo/select_split_rows.py "$WORK/cohort/clinical.csv" "$WORK/tensors/manifest.csv" train,validation \
  "$WORK/clinical-train.csv"
./mvnw -B -q -pl clinical-model exec:java -Dexec.mainClass=org.pd1response.clinical.model.TrainClinicalModelCommand \
  -Dexec.args="--data $WORK/clinical-train.csv --out $WORK/clinical --schema hcc-pd1-baseline --outcome label --name clinical --version $VERSION --repeats 3"
cp "$WORK/clinical/clinical-model.json" "$WORK/models/clinical/clinical-model.json"
cp "$WORK/clinical/model-card.json" "$WORK/models/clinical/card.json"

echo "5/6 Scoring the held-out test split through the services ..."
pipeline_cli score-cohort --cohort "$WORK/cohort" --manifest "$WORK/tensors/manifest.csv" --split test \
  --models "$WORK/models" --out "$WORK/test-scores.csv"

echo "6/6 Fitting the ensemble ..."
./mvnw -B -q -pl ensemble-service exec:java -Dexec.mainClass=org.pd1response.ensemble.fitting.FitEnsembleCommand \
  -Dexec.args="--predictions $WORK/test-scores.csv --out $WORK/ensemble --version $VERSION --imaging-model imaging-cnn:$VERSION --clinical-model clinical:$VERSION --imaging-threshold $(card_value "$WORK/models/imaging-cnn/card.json" threshold) --clinical-threshold $(card_value "$WORK/models/clinical/card.json" threshold)"

rm -rf demo/models
mkdir -p demo/models/ensemble
cp -r "$WORK/models/imaging-cnn" "$WORK/models/clinical" demo/models/
cp "$WORK/ensemble/ensemble-parameters.json" "$WORK/ensemble/card.json" demo/models/ensemble/
cp "$WORK/test-scores.csv" demo/models/ensemble/test-scores.csv
echo "Demo models installed in demo/models/"
