#!/usr/bin/python3
"""Compute reference metrics with scikit-learn and SciPy for a predictions file and a baseline file.

Threshold metrics, Brier score, reliability curves and ROC AUC come from scikit-learn. The
calibration intercept and slope come from SciPy's BFGS minimisation of the logistic
log-likelihood, and the baseline tests from scipy.stats. Usage:

    /usr/bin/python3 sklearn_reference.py PREDICTIONS_CSV BASELINE_CSV OUTPUT_JSON [GROUP_COLUMN]

PREDICTIONS_CSV may be "-" to compute the baseline tests only. GROUP_COLUMN, default "response",
splits the baseline file into its two groups.
"""
import csv
import json
import sys

import numpy as np
import scipy
import sklearn
from scipy import optimize, stats
from sklearn import metrics
from sklearn.calibration import calibration_curve

EPSILON = 1e-6
DEFAULT_GROUP_COLUMN = "response"
MISSING = {"", "NA", "NaN", "?"}


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def logistic_fit(lp, y, offset_only):
    """Fit by maximum likelihood logit P(y=1) = a + b*lp, or a + lp with lp as offset."""

    def negative_log_likelihood(params):
        a, b = (params[0], 1.0) if offset_only else params
        eta = a + b * lp
        return -np.sum(y * eta - np.logaddexp(0.0, eta))

    start = np.zeros(1 if offset_only else 2)
    result = optimize.minimize(negative_log_likelihood, start, method="BFGS", options={"gtol": 1e-10})
    return result.x


def model_metrics(labels, probabilities, threshold):
    y = np.asarray(labels, dtype=int)
    p = np.asarray(probabilities, dtype=float)
    predicted = (p >= threshold).astype(int)
    tn, fp, fn, tp = metrics.confusion_matrix(y, predicted, labels=[0, 1]).ravel()
    clipped = np.clip(p, EPSILON, 1 - EPSILON)
    lp = np.log(clipped / (1 - clipped))
    prob_true, prob_pred = calibration_curve(y, p, n_bins=10, strategy="uniform")
    return {
        "n": int(len(y)),
        "tp": int(tp), "fp": int(fp), "tn": int(tn), "fn": int(fn),
        "auc": metrics.roc_auc_score(y, p),
        "accuracy": metrics.accuracy_score(y, predicted),
        "balanced_accuracy": metrics.balanced_accuracy_score(y, predicted),
        "sensitivity": metrics.recall_score(y, predicted, pos_label=1),
        "specificity": metrics.recall_score(y, predicted, pos_label=0),
        # Undefined without predicted positives; scikit-learn would report 0 with a warning.
        "precision": metrics.precision_score(y, predicted, zero_division=0) if tp + fp > 0 else None,
        "f1": metrics.f1_score(y, predicted, zero_division=0) if 2 * tp + fp + fn > 0 else None,
        "mcc": metrics.matthews_corrcoef(y, predicted),
        "brier": metrics.brier_score_loss(y, p),
        "calibration_intercept": float(logistic_fit(lp, y, True)[0]),
        "calibration_slope": float(logistic_fit(lp, y, False)[1]),
        "reliability_observed": prob_true.tolist(),
        "reliability_predicted": prob_pred.tolist(),
    }


def performance(rows):
    models = [(column[len("prob:"):].split("@")[0], float(column.split("@")[1]), column)
              for column in rows[0].keys() if column.startswith("prob:")]
    labelled = [row for row in rows if row["label"] != ""]
    groups = []
    for cohort in dict.fromkeys(row["cohort"] for row in labelled):
        in_cohort = [row for row in labelled if row["cohort"] == cohort]
        groups.append((cohort, "", in_cohort))
        for level in sorted({row["subgroup:regimen"] for row in in_cohort}):
            groups.append((cohort, level, [row for row in in_cohort if row["subgroup:regimen"] == level]))
    results = []
    for cohort, level, group in groups:
        for name, threshold, column in models:
            kept = [row for row in group if row[column] != ""]
            labels = [int(row["label"]) for row in kept]
            if len(set(labels)) < 2:
                continue
            entry = {"cohort": cohort, "level": level, "model": name, "threshold": threshold}
            entry.update(model_metrics(labels, [float(row[column]) for row in kept], threshold))
            results.append(entry)
    return results


def baseline(rows, group_column):
    groups = sorted({row[group_column] for row in rows if row[group_column] not in MISSING})
    results = []
    for column in rows[0].keys():
        if column in ("case_id", group_column):
            continue
        values = [[row[column] for row in rows if row[group_column] == group and row[column] not in MISSING]
                  for group in groups]
        entry = {"variable": column}
        try:
            x, y = (np.asarray([float(v) for v in values[0]]), np.asarray([float(v) for v in values[1]]))
            numeric = True
        except ValueError:
            numeric = False
        if numeric and len(set(values[0]) | set(values[1])) >= 5:
            welch = stats.ttest_ind(x, y, equal_var=False)
            mann_whitney = stats.mannwhitneyu(x, y, alternative="two-sided", method="asymptotic", use_continuity=True)
            entry.update({
                "welch_t": welch.statistic, "welch_p": welch.pvalue,
                "mann_whitney_u": mann_whitney.statistic, "mann_whitney_p": mann_whitney.pvalue,
                "means": [x.mean(), y.mean()], "sds": [x.std(ddof=1), y.std(ddof=1)],
                "medians": [np.percentile(x, 50), np.percentile(y, 50)],
                "q1": [np.percentile(x, 25), np.percentile(y, 25)],
                "q3": [np.percentile(x, 75), np.percentile(y, 75)],
            })
        else:
            levels = sorted(set(values[0]) | set(values[1]))
            table = np.array([[values[g].count(level) for g in range(2)] for level in levels])
            chi2, p, dof, _ = stats.chi2_contingency(table, correction=True)
            entry.update({"levels": levels, "counts": table.tolist(), "chi_square": chi2, "chi_square_p": p})
            if table.shape == (2, 2):
                odds_ratio, fisher_p = stats.fisher_exact(table)
                entry.update({"fisher_odds_ratio": odds_ratio, "fisher_p": fisher_p})
        results.append(entry)
    return {"group_column": group_column, "groups": groups, "variables": results}


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit("usage: sklearn_reference.py PREDICTIONS_CSV BASELINE_CSV OUTPUT_JSON [GROUP_COLUMN]")
    group_column = sys.argv[4] if len(sys.argv) == 5 else DEFAULT_GROUP_COLUMN
    output = {
        "generator": {"scikit-learn": sklearn.__version__, "scipy": scipy.__version__, "numpy": np.__version__},
        "performance": [] if sys.argv[1] == "-" else performance(read_csv(sys.argv[1])),
        "baseline": baseline(read_csv(sys.argv[2]), group_column),
    }
    with open(sys.argv[3], "w", encoding="utf-8") as handle:
        json.dump(output, handle, indent=1, default=float)
        handle.write("\n")
    print(f"scikit-learn {sklearn.__version__}, SciPy {scipy.__version__}: wrote {sys.argv[3]}")


if __name__ == "__main__":
    main()
