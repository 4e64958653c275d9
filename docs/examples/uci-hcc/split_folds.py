"""Split a cohort CSV into stratified cross-validation folds for out-of-fold scoring.

Usage: split_folds.py DATA OUT_DIR OUTCOME_COLUMN FOLDS SEED

For each fold k (1..FOLDS), the script writes two files. OUT_DIR/fold-k-train.csv has the rows of
the other folds, as the clinical training command reads them. OUT_DIR/fold-k-test.csv has the rows
of fold k with a leading "record_id" column for the score command: "row-N", where N is the
1-based data row of DATA.
Rows are assigned per outcome class, shuffled with SEED and dealt round-robin, so each fold keeps
the class balance within one row.
"""

import csv
import random
import sys
from pathlib import Path


def main() -> None:
    data, out_dir, outcome, folds, seed = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    with open(data, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = [row for row in reader if row]
    outcome_index = header.index(outcome)
    generator = random.Random(seed)
    fold_of = {}
    for level in sorted({row[outcome_index] for row in rows}):
        members = [i for i, row in enumerate(rows) if row[outcome_index] == level]
        generator.shuffle(members)
        for position, index in enumerate(members):
            fold_of[index] = position % folds
    out_dir.mkdir(parents=True, exist_ok=True)
    for fold in range(folds):
        with open(out_dir / f"fold-{fold + 1}-train.csv", "w", newline="", encoding="utf-8") as train:
            writer = csv.writer(train, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(row for i, row in enumerate(rows) if fold_of[i] != fold)
        with open(out_dir / f"fold-{fold + 1}-test.csv", "w", newline="", encoding="utf-8") as test:
            writer = csv.writer(test, lineterminator="\n")
            writer.writerow(["record_id"] + header)
            writer.writerows([f"row-{i + 1}"] + row for i, row in enumerate(rows) if fold_of[i] == fold)


if __name__ == "__main__":
    main()
