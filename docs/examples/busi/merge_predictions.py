"""Merge the predictions files of several `pd1_imaging compare` runs into one for `evaluate`.

Each argument is NAME=FILE[:TASK]. The probability columns of FILE (rows of TASK only, when given)
are renamed after NAME, so that the same architecture trained on different cohorts (one per overlay
mode, for example) gets one column each. Rows are matched by case id; the label and split must agree.
"""

import csv
import sys


def main(arguments: list[str]) -> int:
    if len(arguments) < 3:
        print("usage: merge_predictions.py OUT.csv COHORT NAME=FILE[:TASK] ...", file=sys.stderr)
        return 2
    out, cohort, sources = arguments[0], arguments[1], arguments[2:]
    rows: dict[str, dict] = {}
    columns: list[str] = []
    for source in sources:
        name, _, location = source.partition("=")
        path, _, task = location.partition(":")
        with open(path, newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if task and row["cohort"] != task:
                    continue
                merged = rows.setdefault(row["case_id"], {"label": row["label"], "split": row["subgroup:split"]})
                if (merged["label"], merged["split"]) != (row["label"], row["subgroup:split"]):
                    raise SystemExit(f"case {row['case_id']}: label or split differs between files, found {row}")
                for key, value in row.items():
                    if key.startswith("prob:") and value:
                        threshold = key.rpartition("@")[2]
                        column = f"prob:{name}@{threshold}"
                        if column not in columns:
                            columns.append(column)
                        merged[column] = value
    with open(out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["case_id", "cohort", "label", "subgroup:split"] + columns)
        for case_id, merged in rows.items():
            writer.writerow([case_id, cohort, merged["label"], merged["split"]] + [merged.get(c, "") for c in columns])
    print(f"wrote {len(rows)} cases and {len(columns)} models to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
