import shutil
import tempfile
import unittest
from pathlib import Path

import numpy as np
import onnx
import torch

from pd1_imaging import synthetic
from pd1_imaging.cohort import read_cohort
from pd1_imaging.export import OUTPUT_NAMES, export_onnx
from pd1_imaging.training import TrainingConfig, stratified_folds, train

GENERATED_CASES = 24
SEED = 3


class TrainingTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.folder = Path(tempfile.mkdtemp(prefix="training-test-"))
        synthetic.write_cohort(cls.folder, cases=GENERATED_CASES, seed=SEED)
        cohort = read_cohort(cls.folder)
        cls.train_split = cohort.load_split("train")
        cls.validation_split = cohort.load_split("validation")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder)

    def _train_one_epoch(self, seed: int, optimizer: str = "adam"):
        config = TrainingConfig(max_epochs=1, batch_size=4, seed=seed, optimizer=optimizer, balancing="sampler")
        return train(config, self.train_split, self.validation_split)

    def test_same_seed_gives_identical_weights(self):
        first = self._train_one_epoch(SEED).model.state_dict()
        second = self._train_one_epoch(SEED).model.state_dict()
        for name, tensor in first.items():
            self.assertTrue(torch.equal(tensor, second[name]), f"parameter {name} differs between runs")

    def test_different_seed_gives_different_weights(self):
        first = self._train_one_epoch(SEED).model.head.weight
        second = self._train_one_epoch(SEED + 1).model.head.weight
        self.assertFalse(torch.equal(first, second))

    def test_sgd_run_reports_epoch_and_auc(self):
        result = self._train_one_epoch(SEED, optimizer="sgd")
        self.assertEqual(1, result.epochs_run)
        self.assertEqual(1, result.best_epoch)
        self.assertEqual("max_epochs", result.stopped_because)
        self.assertGreaterEqual(result.best_validation_auc, 0.0)
        self.assertLessEqual(result.best_validation_auc, 1.0)

    def test_export_names_outputs_and_keeps_batch_dynamic(self):
        # given a trained model
        model = self._train_one_epoch(SEED).model
        path = self.folder / "model.onnx"

        # when it is exported
        shapes = export_onnx(model, path)

        # then the graph has the card's names, a symbolic batch axis and the head's weights
        graph = onnx.load(str(path)).graph
        self.assertEqual(list(OUTPUT_NAMES), [output.name for output in graph.output])
        self.assertEqual(["input"], [value.name for value in graph.input])
        self.assertEqual("batch", graph.input[0].type.tensor_type.shape.dim[0].dim_param)
        self.assertEqual([-1, 128, 28, 28], shapes["outputs"]["featureMaps"]["shape"])
        constants = {tensor.name: onnx.numpy_helper.to_array(tensor) for tensor in graph.initializer}
        self.assertTrue(np.array_equal(model.head.weight.detach().numpy(), constants["classifier_weights_value"]))

    def test_rejects_sgd_momentum_of_one(self):
        with self.assertRaisesRegex(ValueError, "momentum in \\[0, 1\\), found 0.0, 0.0001 and 1.0"):
            TrainingConfig(momentum=1.0)


class StratifiedFoldsTest(unittest.TestCase):

    def test_folds_partition_and_keep_class_balance(self):
        labels = np.array([0] * 30 + [1] * 12)
        folds = stratified_folds(labels, 3, seed=SEED)
        self.assertEqual(list(range(42)), sorted(np.concatenate(folds).tolist()))
        for fold in folds:
            self.assertEqual(10, int((labels[fold] == 0).sum()))
            self.assertEqual(4, int((labels[fold] == 1).sum()))

    def test_same_seed_gives_same_folds(self):
        labels = np.array([0, 1] * 10)
        first = stratified_folds(labels, 4, seed=SEED)
        second = stratified_folds(labels, 4, seed=SEED)
        self.assertTrue(all(np.array_equal(a, b) for a, b in zip(first, second)))

    def test_rejects_more_folds_than_smallest_class(self):
        with self.assertRaisesRegex(ValueError, "smallest class count, 2, found 3"):
            stratified_folds(np.array([0, 0, 0, 0, 1, 1]), 3, seed=SEED)


if __name__ == "__main__":
    unittest.main()
