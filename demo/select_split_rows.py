"""Write the clinical rows of a generated demo cohort that belong to the given splits.

The preprocessing cohort command assigns the splits. Selecting the clinical rows by those splits
keeps the clinical model's training rows the same as the imaging model's, so the split held out
for fitting the ensemble is unseen by both.
Usage: select_split_rows.py CLINICAL_CSV MANIFEST_CSV SPLITS OUT_CSV  (SPLITS such as train,validation)
"""
import csv
import sys


def main(clinical_path, manifest_path, splits, out_path):
    selected_splits = set(splits.split(","))
    with open(manifest_path, newline="", encoding="utf-8") as manifest:
        split_of = {row["source_file"]: row["split"] for row in csv.DictReader(manifest)}
    with open(clinical_path, newline="", encoding="utf-8") as source, \
            open(out_path, "w", newline="", encoding="utf-8") as target:
        reader = csv.DictReader(source)
        columns = [name for name in reader.fieldnames if name != "image"]
        writer = csv.DictWriter(target, fieldnames=columns)
        writer.writeheader()
        written = 0
        for row in reader:
            if split_of.get(row["image"]) in selected_splits:
                writer.writerow({name: row[name] for name in columns})
                written += 1
    print(f"wrote {written} clinical rows of splits {sorted(selected_splits)}")


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
