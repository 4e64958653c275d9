"""Generated cohorts in the agreed cohort format, for tests and demo models.

Each image is a speckled background with one dark lesion. Positive lesions have irregular,
lobulated margins and are taller than wide; negative lesions are smooth ellipses wider than tall.
These are the classic B-mode signs of malignancy, so a CNN can learn the task within a few
epochs. The images carry no information about any real patient.
"""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import numpy as np

from .cohort import MANIFEST_COLUMNS, TENSOR_SHAPE

SIZE = TENSOR_SHAPE[1]
MEAN = 0.5
STD = 0.25
PREPROCESSING = {
    "generator": "pd1_imaging.synthetic",
    "normalization": {"mean": [MEAN] * 3, "std": [STD] * 3},
    "outputSize": [SIZE, SIZE],
}


def _lesion_image(rng: np.random.Generator, positive: bool) -> np.ndarray:
    """Draw one greyscale image with values in [0, 1]."""
    rows, columns = np.mgrid[0:SIZE, 0:SIZE].astype(np.float64)
    centre_row, centre_column = rng.uniform(70, 154, size=2)
    base_radius = rng.uniform(22, 38)
    if positive:
        height, width = base_radius * 1.2, base_radius * 0.85
        lobes = rng.integers(5, 9)
        lobe_depth = rng.uniform(0.15, 0.3)
    else:
        height, width = base_radius * 0.75, base_radius * 1.25
        lobes, lobe_depth = 0, 0.0
    angle = np.arctan2(rows - centre_row, columns - centre_column)
    distance = np.hypot((rows - centre_row) / height, (columns - centre_column) / width)
    boundary = 1.0 + lobe_depth * np.sin(lobes * angle + rng.uniform(0, 2 * np.pi))
    inside = distance < boundary

    depth_gain = np.linspace(0.75, 0.45, SIZE)[:, None]
    tissue = depth_gain * rng.gamma(4.0, 0.25, size=(SIZE, SIZE))
    lesion = 0.15 * rng.gamma(2.0 if positive else 4.0, 0.5, size=(SIZE, SIZE))
    image = np.where(inside, lesion, tissue)
    return np.clip(image, 0.0, 1.0)


def write_cohort(out: Path | str, cases: int = 60, positive_fraction: float = 0.4, seed: int = 7,
                 split_fractions: tuple[float, float, float] = (0.6, 0.2, 0.2)) -> Path:
    """Write manifest.csv, tensors/ and the preprocessing record for a generated cohort."""
    if cases < 10:
        raise ValueError(f"cases must be >= 10 so that every split contains both labels, found {cases}")
    out = Path(out)
    (out / "tensors").mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    positives = int(round(cases * positive_fraction))
    labels = np.array([1] * positives + [0] * (cases - positives))

    splits = np.empty(cases, dtype=object)
    for label in (0, 1):
        members = rng.permutation(np.flatnonzero(labels == label))
        train_end = int(round(len(members) * split_fractions[0]))
        validation_end = train_end + int(round(len(members) * split_fractions[1]))
        splits[members[:train_end]] = "train"
        splits[members[train_end:validation_end]] = "validation"
        splits[members[validation_end:]] = "test"

    rows = []
    for index, label in enumerate(labels):
        grey = _lesion_image(rng, bool(label))
        pixels = np.round(grey * 255).astype(np.uint8)
        normalised = (pixels.astype(np.float32) / 255.0 - MEAN) / STD
        tensor = np.ascontiguousarray(np.broadcast_to(normalised, TENSOR_SHAPE), dtype="<f4")
        case_id = "c" + hashlib.sha256(f"generated|{seed}|{index}".encode()).hexdigest()[:32]
        tensor_file = f"tensors/{case_id}.npy"
        np.save(out / tensor_file, tensor)
        rows.append({
            "case_id": case_id, "label": str(label), "split": splits[index],
            "source_file": f"generated/{'positive' if label else 'negative'}/{index:04d}",
            "mask_files": "", "sha256": hashlib.sha256(pixels.tobytes()).hexdigest(),
            "tensor_file": tensor_file, "duplicate_of": "",
        })

    with (out / "manifest.csv").open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=MANIFEST_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    canonical = json.dumps(PREPROCESSING, sort_keys=True, separators=(",", ":")).encode("utf-8")
    (out / "preprocessing.json").write_bytes(canonical)
    (out / "preprocessing.sha256").write_text(hashlib.sha256(canonical).hexdigest(), encoding="ascii")
    return out
