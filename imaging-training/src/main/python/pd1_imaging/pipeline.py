"""Train-and-export and the architecture comparison, as used by the command line."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from . import card as model_card
from .cohort import read_cohort
from .export import export_onnx, write_reference_outputs
from .metrics import delong_interval, threshold_metrics, youden_threshold
from .training import TrainingConfig, cross_validate, predict_probabilities, print_progress, train

MODEL_FILE = "model.onnx"
CARD_FILE = "model-card.json"
REFERENCE_FOLDER = "reference"
PREDICTIONS_FILE = "predictions.csv"


def _auc_json(labels: np.ndarray, scores: np.ndarray) -> dict:
    interval = delong_interval(labels, scores)
    return {"auc": interval.auc, "aucCi95": [interval.low, interval.high], "aucCiMethod": "DeLong",
            "cases": int(len(labels)), "positives": int(labels.sum())}


def train_and_export(cohort_dir: Path, out: Path, config: TrainingConfig, *, name: str, version: str,
                     class_labels: tuple[str, str], folds: int = 0) -> dict:
    """Train on the train split, stop early on the validation split, export ONNX, reference outputs and card.

    The test split is never read, so that the evaluation module can score it without bias.
    """
    model_card.check_name_and_version(name, version)
    cohort = read_cohort(cohort_dir)
    out.mkdir(parents=True, exist_ok=True)
    train_split = cohort.load_split("train")
    validation_split = cohort.load_split("validation")
    print(f"cohort {cohort_dir}: {len(train_split)} training and {len(validation_split)} validation cases, "
          f"{cohort.unlabelled} unlabelled and {cohort.duplicates_skipped} duplicates left out", flush=True)

    fold_results = []
    if folds:
        fold_results = cross_validate(config, train_split, folds)
    result = train(config, train_split, validation_split, print_progress(f"{config.architecture} "))

    scores = predict_probabilities(result.model, validation_split.tensors)
    threshold = youden_threshold(validation_split.labels, scores)
    validation_metrics = {**_auc_json(validation_split.labels, scores),
                          **threshold_metrics(validation_split.labels, scores, threshold)}

    model_path = out / MODEL_FILE
    io_shapes = export_onnx(result.model, model_path)
    write_reference_outputs(result.model, validation_split.tensors, out / REFERENCE_FOLDER)

    training = {
        "architecture": config.architecture,
        "manifestSha256": cohort.manifest_sha256,
        "splits": {split: cohort.class_counts(split) for split in ("train", "validation", "test")},
        "config": config.to_json(),
        "epochsRun": result.epochs_run,
        "bestEpoch": result.best_epoch,
        "stoppedBecause": result.stopped_because,
        "seconds": round(result.seconds, 1),
        "history": [{"epoch": r.epoch, "trainLoss": r.train_loss, "validationAuc": r.validation_auc,
                     "seconds": round(r.seconds, 1)} for r in result.history],
        "crossValidation": {"folds": folds, "results": fold_results} if folds else None,
        "finishedAt": datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
    }
    card = model_card.build_card(name=name, version=version, model_path=model_path, io_shapes=io_shapes,
                                 cohort=cohort, class_labels=class_labels, threshold=threshold,
                                 training=training, metrics={"validation": validation_metrics})
    model_card.write_card(card, out / CARD_FILE)
    print(f"exported {model_path} (validation AUC {validation_metrics['auc']:.4f}, "
          f"95 % CI {validation_metrics['aucCi95'][0]:.4f}-{validation_metrics['aucCi95'][1]:.4f})", flush=True)
    return card


def compare(tasks: dict[str, Path], architectures: list[str], config: TrainingConfig, out: Path) -> list[dict]:
    """Train each architecture on each task's train split under the same budget and score it.

    Rows give the validation AUC (the split that also chose the epoch, so it is optimistic) and
    the test AUC (never seen during training), each with a DeLong 95 % CI.
    """
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    predictions: dict[tuple[str, str], dict] = {}
    for task, cohort_dir in tasks.items():
        cohort = read_cohort(cohort_dir)
        train_split = cohort.load_split("train")
        validation_split = cohort.load_split("validation")
        test_split = cohort.load_split("test")
        for architecture in architectures:
            run_config = replace(config, architecture=architecture)
            started = time.monotonic()
            result = train(run_config, train_split, validation_split, print_progress(f"{task} {architecture} "))
            validation_scores = predict_probabilities(result.model, validation_split.tensors)
            test_scores = predict_probabilities(result.model, test_split.tensors)
            validation = _auc_json(validation_split.labels, validation_scores)
            test = _auc_json(test_split.labels, test_scores)
            threshold = youden_threshold(validation_split.labels, validation_scores)
            for split_name, split, scores in (("validation", validation_split, validation_scores),
                                              ("test", test_split, test_scores)):
                for case_id, label, score in zip(split.case_ids, split.labels, scores):
                    case_row = predictions.setdefault((task, case_id), {"label": int(label), "split": split_name})
                    case_row[f"prob:{architecture}@{threshold:.6f}"] = float(score)
            row = {"task": task, "architecture": architecture, "parameters": sum(
                       p.numel() for p in result.model.parameters()),
                   "validation": validation, "test": test, "epochsRun": result.epochs_run,
                   "bestEpoch": result.best_epoch, "stoppedBecause": result.stopped_because,
                   "seconds": round(time.monotonic() - started, 1), "trainCases": len(train_split),
                   "manifestSha256": cohort.manifest_sha256}
            rows.append(row)
            (out / "comparison.json").write_text(json.dumps(
                {"config": config.to_json(), "software": model_card.software_versions(), "rows": rows},
                indent=2) + "\n", encoding="utf-8")
            (out / "comparison.md").write_text(markdown_table(rows), encoding="utf-8")
            write_predictions(predictions, out / PREDICTIONS_FILE)
    return rows


def write_predictions(predictions: dict[tuple[str, str], dict], path: Path) -> None:
    """Write validation and test scores in the evaluation module's predictions format.

    The task is the cohort column and the split a subgroup, so that `evaluate` reports the test
    split (never seen in training) apart from the validation split that chose the epoch. Each
    model's threshold is the Youden point on its validation scores.
    """
    models = []
    for values in predictions.values():
        models.extend(key for key in values if key.startswith("prob:") and key not in models)
    lines = [",".join(["case_id", "cohort", "label", "subgroup:split"] + models)]
    for (task, case_id), values in predictions.items():
        cells = [case_id, task, str(values["label"]), values["split"]]
        cells += [f"{values[model]:.8f}" if model in values else "" for model in models]
        lines.append(",".join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def markdown_table(rows: list[dict]) -> str:
    lines = ["| task | model | parameters | validation AUC (95 % CI) | test AUC (95 % CI) | epochs run (best) "
             "| stopped by | time (s) |",
             "|---|---|---:|---|---|---|---|---:|"]
    for row in rows:
        validation, test = row["validation"], row["test"]
        lines.append(
            f"| {row['task']} | {row['architecture']} | {row['parameters']:,} "
            f"| {validation['auc']:.3f} ({validation['aucCi95'][0]:.3f}-{validation['aucCi95'][1]:.3f}) "
            f"| {test['auc']:.3f} ({test['aucCi95'][0]:.3f}-{test['aucCi95'][1]:.3f}) "
            f"| {row['epochsRun']} ({row['bestEpoch']}) | {row['stoppedBecause']} | {row['seconds']:.0f} |")
    return "\n".join(lines) + "\n"
