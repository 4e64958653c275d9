"""ROC AUC with a DeLong confidence interval, and threshold metrics."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

Z_95 = 1.959963984540054


@dataclass(frozen=True)
class AucInterval:
    auc: float
    low: float
    high: float
    standard_error: float


def _midranks(values: np.ndarray) -> np.ndarray:
    """Ranks from 1 to n, with tied values sharing the mean of their ranks."""
    order = np.argsort(values, kind="mergesort")
    sorted_values = values[order]
    ranks = np.empty(len(values), dtype=np.float64)
    start = 0
    while start < len(values):
        end = start
        while end + 1 < len(values) and sorted_values[end + 1] == sorted_values[start]:
            end += 1
        ranks[order[start:end + 1]] = (start + end) / 2.0 + 1.0
        start = end + 1
    return ranks


def _check_binary(labels: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    labels = np.asarray(labels)
    scores = np.asarray(scores, dtype=np.float64)
    if labels.shape != scores.shape or labels.ndim != 1:
        raise ValueError(f"labels and scores must be 1-D of equal length, found {labels.shape} and {scores.shape}")
    if not np.isin(labels, (0, 1)).all():
        raise ValueError(f"labels must be 0 or 1, found values {sorted(set(labels.tolist()))}")
    positives = scores[labels == 1]
    negatives = scores[labels == 0]
    if len(positives) == 0 or len(negatives) == 0:
        raise ValueError(f"AUC needs both classes, found {len(positives)} positives and {len(negatives)} negatives")
    return positives, negatives


def roc_auc(labels, scores) -> float:
    """Area under the ROC curve (Mann-Whitney statistic, ties count one half)."""
    return delong_interval(labels, scores).auc


def delong_interval(labels, scores) -> AucInterval:
    """AUC with a 95 % confidence interval from DeLong's variance (DeLong et al., Biometrics 1988).

    The interval is the normal approximation AUC +- 1.96 SE, clipped to [0, 1].
    """
    positives, negatives = _check_binary(labels, scores)
    m, n = len(positives), len(negatives)
    combined = _midranks(np.concatenate([positives, negatives]))
    positive_ranks = _midranks(positives)
    negative_ranks = _midranks(negatives)
    # Structural components: for each positive, the fraction of negatives it outranks, and the reverse.
    v10 = (combined[:m] - positive_ranks) / n
    v01 = 1.0 - (combined[m:] - negative_ranks) / m
    auc = float(v10.mean())
    # With a single case in a class its component has no variance estimate, so it adds none.
    variance = 0.0
    if m > 1:
        variance += v10.var(ddof=1) / m
    if n > 1:
        variance += v01.var(ddof=1) / n
    error = math.sqrt(max(variance, 0.0))
    return AucInterval(auc, max(0.0, auc - Z_95 * error), min(1.0, auc + Z_95 * error), error)


def youden_threshold(labels, scores) -> float:
    """Threshold on the positive probability that maximises sensitivity + specificity - 1.

    Among equally good cut points the lowest is returned. A case is called positive when its
    probability is >= the threshold.
    """
    positives, negatives = _check_binary(labels, scores)
    best_threshold, best_j = 0.5, -1.0
    for threshold in np.unique(np.concatenate([positives, negatives])):
        j = (positives >= threshold).mean() + (negatives < threshold).mean() - 1.0
        if j > best_j:
            best_threshold, best_j = float(threshold), j
    return best_threshold


def threshold_metrics(labels, scores, threshold: float) -> dict:
    labels = np.asarray(labels)
    scores = np.asarray(scores, dtype=np.float64)
    positives, negatives = _check_binary(labels, scores)
    sensitivity = float((positives >= threshold).mean())
    specificity = float((negatives < threshold).mean())
    predicted = scores >= threshold
    return {
        "threshold": threshold,
        "sensitivity": sensitivity,
        "specificity": specificity,
        "balancedAccuracy": (sensitivity + specificity) / 2.0,
        "accuracy": float((predicted == (labels == 1)).mean()),
        "brierScore": float(np.mean((scores - labels) ** 2)),
    }
