"""Reading of a cohort folder: manifest, splits, tensors and preprocessing parameters."""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

TENSOR_SHAPE = (3, 224, 224)
SPLITS = ("train", "validation", "test")
MANIFEST_COLUMNS = (
    "case_id", "label", "split", "source_file", "mask_files", "sha256", "tensor_file", "duplicate_of",
)


class CohortError(ValueError):
    """A cohort folder that does not follow the agreed format."""


@dataclass(frozen=True)
class Case:
    case_id: str
    label: int
    split: str
    source_file: str
    tensor_file: str


@dataclass(frozen=True)
class Split:
    """Tensors of one split, stacked in manifest order."""

    case_ids: tuple[str, ...]
    tensors: np.ndarray
    labels: np.ndarray

    def __len__(self) -> int:
        return len(self.case_ids)

    def subset(self, indices: np.ndarray) -> Split:
        return Split(tuple(self.case_ids[i] for i in indices), self.tensors[indices], self.labels[indices])


@dataclass(frozen=True)
class Cohort:
    root: Path
    cases: tuple[Case, ...]
    manifest_sha256: str
    preprocessing: dict
    preprocessing_hash: str
    unlabelled: int
    duplicates_skipped: int

    def split_cases(self, split: str) -> list[Case]:
        if split not in SPLITS:
            raise ValueError(f"split must be one of {', '.join(SPLITS)}, found {split!r}")
        return [case for case in self.cases if case.split == split]

    def load_split(self, split: str) -> Split:
        cases = self.split_cases(split)
        tensors = np.empty((len(cases),) + TENSOR_SHAPE, dtype=np.float32)
        for index, case in enumerate(cases):
            tensors[index] = load_tensor(self.root / case.tensor_file)
        labels = np.array([case.label for case in cases], dtype=np.int64)
        return Split(tuple(case.case_id for case in cases), tensors, labels)

    def class_counts(self, split: str) -> dict[str, int]:
        labels = [case.label for case in self.split_cases(split)]
        return {"negative": labels.count(0), "positive": labels.count(1)}


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_tensor(path: Path) -> np.ndarray:
    """Load one case tensor, rejecting any dtype, byte order, layout or shape but the agreed one."""
    if not path.is_file():
        raise CohortError(f"tensor file not found: {path}")
    array = np.load(path, allow_pickle=False)
    if array.dtype != np.dtype("<f4"):
        raise CohortError(f"{path}: dtype must be little-endian float32 ('<f4'), found {array.dtype.str!r}")
    if array.shape != TENSOR_SHAPE:
        raise CohortError(f"{path}: shape must be {TENSOR_SHAPE}, found {array.shape}")
    if not array.flags["C_CONTIGUOUS"]:
        raise CohortError(f"{path}: layout must be C order, found Fortran order")
    if not np.isfinite(array).all():
        raise CohortError(f"{path}: values must be finite, found NaN or infinity")
    return array


def read_cohort(root: Path | str) -> Cohort:
    """Read and check a cohort folder's manifest and preprocessing record (tensors load per split).

    Rows with an empty label are counted and left out, because training needs a label. Rows whose
    duplicate_of is set are left out as well: the cohort command puts exact duplicates in the same
    split as the image they repeat, so keeping one copy avoids counting it twice in a split.
    """
    root = Path(root)
    manifest_path = root / "manifest.csv"
    if not manifest_path.is_file():
        raise CohortError(f"manifest not found: {manifest_path} (run the cohort command first)")
    preprocessing, preprocessing_hash = read_preprocessing(root)

    cases: list[Case] = []
    unlabelled = 0
    duplicates = 0
    seen: set[str] = set()
    with manifest_path.open(newline="", encoding="utf-8") as stream:
        reader = csv.DictReader(stream)
        if tuple(reader.fieldnames or ()) != MANIFEST_COLUMNS:
            raise CohortError(
                f"{manifest_path}: header must be {','.join(MANIFEST_COLUMNS)}, "
                f"found {','.join(reader.fieldnames or ())}")
        for line, row in enumerate(reader, start=2):
            case_id = row["case_id"]
            if not case_id:
                raise CohortError(f"{manifest_path} line {line}: case_id is empty")
            if case_id in seen:
                raise CohortError(f"{manifest_path} line {line}: case_id {case_id} appears twice")
            seen.add(case_id)
            if row["split"] not in SPLITS:
                raise CohortError(
                    f"{manifest_path} line {line}: split must be one of {', '.join(SPLITS)}, found {row['split']!r}")
            if row["duplicate_of"]:
                duplicates += 1
                continue
            if row["label"] == "":
                unlabelled += 1
                continue
            if row["label"] not in ("0", "1"):
                raise CohortError(f"{manifest_path} line {line}: label must be 0, 1 or empty, found {row['label']!r}")
            if not row["tensor_file"]:
                raise CohortError(f"{manifest_path} line {line}: tensor_file is empty for case {case_id}")
            cases.append(Case(case_id, int(row["label"]), row["split"], row["source_file"], row["tensor_file"]))

    cohort = Cohort(root, tuple(cases), sha256_file(manifest_path), preprocessing, preprocessing_hash,
                    unlabelled, duplicates)
    for split in ("train", "validation"):
        counts = cohort.class_counts(split)
        if counts["negative"] == 0 or counts["positive"] == 0:
            raise CohortError(f"{manifest_path}: split {split} needs both labels 0 and 1, found {counts}")
    return cohort


def read_preprocessing(root: Path) -> tuple[dict, str]:
    """Return the preprocessing parameters and their hash, checking the hash against the file bytes."""
    json_path = root / "preprocessing.json"
    hash_path = root / "preprocessing.sha256"
    for path in (json_path, hash_path):
        if not path.is_file():
            raise CohortError(f"preprocessing record not found: {path}")
    data = json_path.read_bytes()
    recorded = hash_path.read_text(encoding="ascii").strip()
    actual = hashlib.sha256(data).hexdigest()
    if recorded != actual:
        raise CohortError(f"{hash_path}: expected the SHA-256 of preprocessing.json, {actual}, found {recorded}")
    return json.loads(data), actual
