import contextlib
import io
import shutil
import tempfile
import unittest
from pathlib import Path

from pd1_imaging.cli import main


class CommandLineTest(unittest.TestCase):

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp(prefix="cli-test-"))

    def tearDown(self):
        shutil.rmtree(self.folder)

    def _run(self, *arguments: str) -> tuple[int, str]:
        errors = io.StringIO()
        with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(io.StringIO()):
            code = main(list(arguments))
        return code, errors.getvalue()

    def test_train_rejects_folder_without_manifest(self):
        code, errors = self._run("train", "--cohort", str(self.folder), "--out", str(self.folder / "out"))
        self.assertEqual(2, code)
        self.assertIn(f"manifest not found: {self.folder / 'manifest.csv'}", errors)

    def test_train_rejects_invalid_model_name(self):
        self.assertEqual(0, self._run("generate", "--out", str(self.folder / "cohort"), "--cases", "12")[0])
        code, errors = self._run("train", "--cohort", str(self.folder / "cohort"), "--out", str(self.folder / "out"),
                                 "--name", "Imaging CNN")
        self.assertEqual(2, code)
        self.assertIn("model name must match ^[a-z0-9][a-z0-9-]{1,62}$, found 'Imaging CNN'", errors)
        self.assertFalse((self.folder / "out").exists())

    def test_compare_rejects_unknown_architecture(self):
        code, errors = self._run("compare", "--cohort", f"task={self.folder}", "--architectures", "study-cnn,vgg-16",
                                 "--out", str(self.folder / "out"))
        self.assertEqual(2, code)
        self.assertIn("found ['vgg-16']", errors)

    def test_compare_writes_predictions(self):
        self.assertEqual(0, self._run("generate", "--out", str(self.folder / "cohort"), "--cases", "24",
                                      "--seed", "3")[0])
        code, errors = self._run("compare", "--cohort", f"demo={self.folder / 'cohort'}", "--architectures",
                                 "study-cnn", "--max-epochs", "1", "--out", str(self.folder / "out"))
        self.assertEqual(0, code, errors)
        lines = (self.folder / "out" / "predictions.csv").read_text(encoding="utf-8").splitlines()
        header = lines[0].split(",")
        self.assertEqual(["case_id", "cohort", "label", "subgroup:split"], header[:4])
        self.assertEqual(5, len(header))
        self.assertRegex(header[4], r"^prob:study-cnn@[0-9.]+$")
        manifest = (self.folder / "cohort" / "manifest.csv").read_text(encoding="utf-8").splitlines()
        scored_in_manifest = [row for row in manifest[1:] if ",validation," in row or ",test," in row]
        self.assertEqual(len(scored_in_manifest), len(lines) - 1)
        for row in lines[1:]:
            cells = row.split(",")
            self.assertEqual("demo", cells[1])
            self.assertIn(cells[3], ("validation", "test"))
            self.assertTrue(0.0 <= float(cells[4]) <= 1.0, row)

    def test_generate_writes_cohort_files(self):
        code, _ = self._run("generate", "--out", str(self.folder / "cohort"), "--cases", "12", "--seed", "1")
        self.assertEqual(0, code)
        self.assertEqual(12, len(list((self.folder / "cohort" / "tensors").glob("*.npy"))))
        for name in ("manifest.csv", "preprocessing.json", "preprocessing.sha256"):
            self.assertTrue((self.folder / "cohort" / name).is_file(), name)


if __name__ == "__main__":
    unittest.main()
