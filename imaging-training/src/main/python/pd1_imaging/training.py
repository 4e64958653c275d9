"""Seeded, deterministic training with early stopping on validation AUC."""

from __future__ import annotations

import copy
import math
import sys
import time
from dataclasses import asdict, dataclass, field
from typing import Callable, TextIO

import numpy as np
import torch
import torch.nn as nn

from . import models
from .augment import AugmentationConfig, augment_batch
from .cohort import Split
from .metrics import roc_auc

OPTIMIZERS = ("adam", "sgd")
BALANCING = ("weighted-loss", "sampler", "none")


@dataclass(frozen=True)
class TrainingConfig:
    architecture: str = "study-cnn"
    optimizer: str = "adam"
    learning_rate: float = 1e-3
    momentum: float = 0.9
    """SGD momentum; ignored by Adam."""
    weight_decay: float = 1e-4
    batch_size: int = 16
    max_epochs: int = 40
    patience: int = 8
    """Epochs without a better validation AUC before training stops."""
    time_budget_seconds: float = 0.0
    """Wall-clock budget; training stops after the epoch that exceeds it. 0 means no budget."""
    balancing: str = "weighted-loss"
    seed: int = 20251204
    threads: int = 2
    """Torch CPU threads. Results are reproducible for a given seed and thread count."""
    augmentation: AugmentationConfig = field(default_factory=AugmentationConfig)

    def __post_init__(self) -> None:
        if self.architecture not in models.ARCHITECTURES:
            raise ValueError(f"architecture must be one of {', '.join(models.ARCHITECTURES)}, found {self.architecture!r}")
        if self.optimizer not in OPTIMIZERS:
            raise ValueError(f"optimizer must be one of {', '.join(OPTIMIZERS)}, found {self.optimizer!r}")
        if self.balancing not in BALANCING:
            raise ValueError(f"balancing must be one of {', '.join(BALANCING)}, found {self.balancing!r}")
        for name in ("learning_rate", "batch_size", "max_epochs", "patience", "threads"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be > 0, found {getattr(self, name)}")
        if self.batch_size < 2:
            raise ValueError(f"batch_size must be >= 2 for batch normalisation, found {self.batch_size}")
        if self.time_budget_seconds < 0 or self.weight_decay < 0 or not 0 <= self.momentum < 1:
            raise ValueError(
                "time_budget_seconds and weight_decay must be >= 0 and momentum in [0, 1), found "
                f"{self.time_budget_seconds}, {self.weight_decay} and {self.momentum}")

    def to_json(self) -> dict:
        values = asdict(self)
        values["augmentation"] = self.augmentation.to_json()
        return values


@dataclass(frozen=True)
class EpochRecord:
    epoch: int
    train_loss: float
    validation_auc: float
    seconds: float


@dataclass
class TrainingResult:
    model: models.GapClassifier
    history: list[EpochRecord]
    best_epoch: int
    best_validation_auc: float
    stopped_because: str
    seconds: float

    @property
    def epochs_run(self) -> int:
        return len(self.history)


def configure_determinism(seed: int, threads: int) -> None:
    """Fix every seed and make torch refuse non-deterministic kernels."""
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    np.random.seed(seed % (2 ** 32))
    torch.use_deterministic_algorithms(True)


def predict_probabilities(model: nn.Module, tensors: np.ndarray, batch_size: int = 32) -> np.ndarray:
    """Positive-class probabilities for (N, 3, 224, 224) tensors, in eval mode."""
    model.eval()
    outputs = []
    with torch.no_grad():
        for start in range(0, len(tensors), batch_size):
            logits = model(torch.from_numpy(tensors[start:start + batch_size]))
            outputs.append(torch.softmax(logits, dim=1)[:, 1].numpy())
    return np.concatenate(outputs).astype(np.float64)


def _class_weights(labels: np.ndarray) -> torch.Tensor:
    counts = np.bincount(labels, minlength=models.NUM_CLASSES).astype(np.float64)
    return torch.tensor(len(labels) / (models.NUM_CLASSES * counts), dtype=torch.float32)


def _epoch_order(labels: np.ndarray, balancing: str, generator: torch.Generator) -> torch.Tensor:
    if balancing == "sampler":
        weights = _class_weights(labels)[torch.from_numpy(labels)].double()
        return torch.multinomial(weights, len(labels), replacement=True, generator=generator)
    return torch.randperm(len(labels), generator=generator)


def _batches(order: torch.Tensor, batch_size: int) -> list[torch.Tensor]:
    batches = list(torch.split(order, batch_size))
    # Batch normalisation cannot train on a batch of one image, so a lone last image waits.
    if len(batches) > 1 and len(batches[-1]) == 1:
        batches.pop()
    return batches


def _optimizer(config: TrainingConfig, model: nn.Module) -> torch.optim.Optimizer:
    if config.optimizer == "sgd":
        return torch.optim.SGD(model.parameters(), lr=config.learning_rate, momentum=config.momentum,
                               weight_decay=config.weight_decay, nesterov=True)
    return torch.optim.Adam(model.parameters(), lr=config.learning_rate, weight_decay=config.weight_decay)


def print_progress(prefix: str, stream: TextIO = sys.stdout) -> Callable[[EpochRecord], None]:
    def report(record: EpochRecord) -> None:
        print(f"{prefix}epoch {record.epoch}: loss {record.train_loss:.4f}, validation AUC "
              f"{record.validation_auc:.4f}, {record.seconds:.1f} s", file=stream, flush=True)
    return report


def train(config: TrainingConfig, train_split: Split, validation_split: Split,
          on_epoch: Callable[[EpochRecord], None] | None = None) -> TrainingResult:
    """Train one network and return it with the weights of its best validation-AUC epoch.

    Stops at max_epochs, after patience epochs without improvement, or after the epoch that
    exceeds the time budget, whichever comes first. Learning rate follows a cosine schedule over
    max_epochs.
    """
    configure_determinism(config.seed, config.threads)
    model = models.build(config.architecture)
    optimizer = _optimizer(config, model)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=config.max_epochs)
    weight = _class_weights(train_split.labels) if config.balancing == "weighted-loss" else None
    loss_function = nn.CrossEntropyLoss(weight=weight)
    tensors = torch.from_numpy(train_split.tensors)
    labels = torch.from_numpy(train_split.labels)

    history: list[EpochRecord] = []
    best_auc, best_epoch, best_state = -math.inf, 0, None
    stopped_because = "max_epochs"
    started = time.monotonic()
    for epoch in range(1, config.max_epochs + 1):
        epoch_started = time.monotonic()
        generator = torch.Generator().manual_seed(config.seed * 1000 + epoch)
        model.train()
        total_loss, total_count = 0.0, 0
        for batch_indices in _batches(_epoch_order(train_split.labels, config.balancing, generator),
                                      config.batch_size):
            inputs = augment_batch(tensors[batch_indices], config.augmentation, generator)
            optimizer.zero_grad()
            loss = loss_function(model(inputs), labels[batch_indices])
            loss.backward()
            optimizer.step()
            total_loss += loss.item() * len(batch_indices)
            total_count += len(batch_indices)
        scheduler.step()

        auc = roc_auc(validation_split.labels, predict_probabilities(model, validation_split.tensors))
        record = EpochRecord(epoch, total_loss / total_count, auc, time.monotonic() - epoch_started)
        history.append(record)
        if on_epoch:
            on_epoch(record)
        if auc > best_auc:
            best_auc, best_epoch, best_state = auc, epoch, copy.deepcopy(model.state_dict())
        if epoch - best_epoch >= config.patience:
            stopped_because = "patience"
            break
        if config.time_budget_seconds and time.monotonic() - started >= config.time_budget_seconds:
            stopped_because = "time_budget"
            break

    model.load_state_dict(best_state)
    model.eval()
    return TrainingResult(model, history, best_epoch, best_auc, stopped_because, time.monotonic() - started)


def stratified_folds(labels: np.ndarray, folds: int, seed: int) -> list[np.ndarray]:
    """Index arrays of k stratified folds: each class is shuffled, then dealt round-robin."""
    if folds < 2:
        raise ValueError(f"folds must be >= 2, found {folds}")
    smallest = int(np.bincount(labels, minlength=models.NUM_CLASSES).min())
    if smallest < folds:
        raise ValueError(f"folds must not exceed the smallest class count, {smallest}, found {folds}")
    rng = np.random.default_rng(seed)
    assignment = np.empty(len(labels), dtype=np.int64)
    for label in range(models.NUM_CLASSES):
        members = np.flatnonzero(labels == label)
        assignment[rng.permutation(members)] = np.arange(len(members)) % folds
    return [np.flatnonzero(assignment == fold) for fold in range(folds)]


def cross_validate(config: TrainingConfig, train_split: Split, folds: int,
                   on_epoch_prefix: str | None = "") -> list[dict]:
    """Train on k-1 folds of the training split and score the held-out fold, for each fold.

    NOTE: each fold's held-out part also chooses its best epoch, so fold AUCs are optimistic
    estimates. A nested split would remove that bias at k times the cost.
    """
    results = []
    indices = np.arange(len(train_split))
    for fold, held_out in enumerate(stratified_folds(train_split.labels, folds, config.seed)):
        kept = np.setdiff1d(indices, held_out)
        report = print_progress(f"{on_epoch_prefix}fold {fold + 1}/{folds} ") if on_epoch_prefix is not None else None
        result = train(config, train_split.subset(kept), train_split.subset(held_out), report)
        results.append({"fold": fold + 1, "validationAuc": result.best_validation_auc,
                        "bestEpoch": result.best_epoch, "epochsRun": result.epochs_run,
                        "seconds": round(result.seconds, 1)})
    return results
