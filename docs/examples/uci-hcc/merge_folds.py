"""Merge the predictions files of the scored folds into one predictions file.

Usage: merge_folds.py OUT FOLD_FILE...

Every fold file must have the same columns. Each fold's models were trained on other rows and
chose their own decision thresholds, so the merged header carries, per model, the mean of the
fold thresholds; AUC, Brier score and calibration do not depend on it.
"""

import csv
import sys


def main() -> None:
    out, files = sys.argv[1], sys.argv[2:]
    names = None
    thresholds = []
    rows = []
    for name in files:
        with open(name, newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            columns = [column.rsplit("@", 1)[0] for column in header]
            if names is None:
                names = columns
            elif columns != names:
                raise SystemExit(f"{name}: columns must be {names}, found {columns}")
            thresholds.append([float(column.rsplit("@", 1)[1]) if column.startswith("prob:") else None for column in header])
            rows.extend(row for row in reader if row)
    merged = []
    for index, column in enumerate(names):
        if column.startswith("prob:"):
            mean = sum(fold[index] for fold in thresholds) / len(thresholds)
            merged.append(f"{column}@{mean:.6f}")
        else:
            merged.append(column)
    with open(out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(merged)
        writer.writerows(rows)


if __name__ == "__main__":
    main()
