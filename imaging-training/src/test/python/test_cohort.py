import hashlib
import shutil
import tempfile
import unittest
from pathlib import Path

import numpy as np

from pd1_imaging import synthetic
from pd1_imaging.cohort import CohortError, read_cohort

GENERATED_CASES = 30
SEED = 5


class CohortTest(unittest.TestCase):

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp(prefix="cohort-test-"))
        synthetic.write_cohort(self.folder, cases=GENERATED_CASES, seed=SEED)

    def tearDown(self):
        shutil.rmtree(self.folder)

    def _first_tensor(self) -> Path:
        return sorted((self.folder / "tensors").glob("*.npy"))[0]

    def _rewrite_manifest(self, edit) -> None:
        manifest = self.folder / "manifest.csv"
        lines = manifest.read_text().splitlines()
        manifest.write_text("\n".join(edit(lines)) + "\n")

    def test_reads_generated_cohort_splits(self):
        cohort = read_cohort(self.folder)
        train = cohort.load_split("train")
        validation = cohort.load_split("validation")
        test = cohort.load_split("test")

        self.assertEqual(GENERATED_CASES, len(train) + len(validation) + len(test))
        self.assertEqual((len(train), 3, 224, 224), train.tensors.shape)
        self.assertEqual(np.float32, train.tensors.dtype)
        self.assertEqual(hashlib.sha256((self.folder / "manifest.csv").read_bytes()).hexdigest(),
                         cohort.manifest_sha256)
        self.assertEqual((self.folder / "preprocessing.sha256").read_text(), cohort.preprocessing_hash)

    def test_rejects_tensor_with_wrong_shape(self):
        np.save(self._first_tensor(), np.zeros((3, 256, 256), dtype="<f4"))
        cohort = read_cohort(self.folder)
        with self.assertRaisesRegex(CohortError, r"shape must be \(3, 224, 224\), found \(3, 256, 256\)"):
            for split in ("train", "validation", "test"):
                cohort.load_split(split)

    def test_rejects_tensor_with_wrong_dtype(self):
        np.save(self._first_tensor(), np.zeros((3, 224, 224), dtype=">f8"))
        cohort = read_cohort(self.folder)
        with self.assertRaisesRegex(CohortError, r"dtype must be little-endian float32 \('<f4'\), found '>f8'"):
            for split in ("train", "validation", "test"):
                cohort.load_split(split)

    def test_rejects_manifest_with_wrong_header(self):
        self._rewrite_manifest(lambda lines: ["case_id,label,split"] + lines[1:])
        with self.assertRaisesRegex(CohortError, "header must be case_id,label,split,source_file"):
            read_cohort(self.folder)

    def test_rejects_unknown_split(self):
        self._rewrite_manifest(lambda lines: [lines[0], lines[1].replace(",train,", ",training,")
                                              .replace(",validation,", ",training,")
                                              .replace(",test,", ",training,")] + lines[2:])
        with self.assertRaisesRegex(CohortError, "line 2: split must be one of train, validation, test, found 'training'"):
            read_cohort(self.folder)

    def test_rejects_changed_preprocessing_record(self):
        (self.folder / "preprocessing.json").write_text('{"changed":true}')
        with self.assertRaisesRegex(CohortError, "expected the SHA-256 of preprocessing.json"):
            read_cohort(self.folder)

    def test_leaves_out_unlabelled_rows_and_duplicates(self):
        def edit(lines):
            header, first, second, *rest = lines
            first_fields = first.split(",")
            first_fields[1] = ""
            second_fields = second.split(",")
            second_fields[7] = first_fields[0]
            return [header, ",".join(first_fields), ",".join(second_fields)] + rest

        self._rewrite_manifest(edit)
        cohort = read_cohort(self.folder)
        self.assertEqual(1, cohort.unlabelled)
        self.assertEqual(1, cohort.duplicates_skipped)
        self.assertEqual(GENERATED_CASES - 2, len(cohort.cases))


if __name__ == "__main__":
    unittest.main()
