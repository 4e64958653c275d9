"""The imaging model card: the common card fields plus inputs, outputs, preprocessing and metrics."""

from __future__ import annotations

import json
import platform
import re
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import onnx
import torch
import torchvision

from . import __version__
from .cohort import Cohort, sha256_file
from .export import OPSET

NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
VERSION_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
THRESHOLD_RULE = ("maximum Youden's J (sensitivity + specificity - 1) on the validation split; "
                  "a case is positive when its probability is >= threshold")


def software_versions() -> dict:
    return {"python": platform.python_version(), "torch": torch.__version__,
            "torchvision": torchvision.__version__, "onnx": onnx.__version__, "numpy": np.__version__,
            "pd1Imaging": __version__, "onnxOpset": OPSET}


def check_name_and_version(name: str, version: str) -> None:
    if not NAME_PATTERN.match(name):
        raise ValueError(f"model name must match {NAME_PATTERN.pattern}, found {name!r}")
    if not VERSION_PATTERN.match(version):
        raise ValueError(f"model version must match {VERSION_PATTERN.pattern}, found {version!r}")


def build_card(*, name: str, version: str, model_path: Path, io_shapes: dict, cohort: Cohort,
               class_labels: tuple[str, str], threshold: float, training: dict, metrics: dict,
               created_at: datetime | None = None) -> dict:
    check_name_and_version(name, version)
    created_at = created_at or datetime.now(timezone.utc)
    return {
        "schemaVersion": 1,
        "name": name,
        "version": version,
        "kind": "IMAGING",
        "format": "ONNX",
        "modelFile": model_path.name,
        "sha256": sha256_file(model_path),
        "createdAt": created_at.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "description": f"{training['architecture']} trained from scratch; classes {class_labels[0]} (0) "
                       f"and {class_labels[1]} (1).",
        "trainingDataSha256": cohort.manifest_sha256,
        "architecture": training["architecture"],
        "classLabels": list(class_labels),
        "positiveClassIndex": 1,
        "threshold": threshold,
        "thresholdRule": THRESHOLD_RULE,
        **io_shapes,
        "preprocessing": cohort.preprocessing,
        "preprocessingHash": cohort.preprocessing_hash,
        "training": training,
        "metrics": metrics,
        "software": software_versions(),
    }


def write_card(card: dict, path: Path) -> None:
    path.write_text(json.dumps(card, indent=2, sort_keys=False) + "\n", encoding="utf-8")
