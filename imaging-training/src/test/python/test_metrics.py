import itertools
import math
import unittest

import numpy as np

from pd1_imaging.metrics import delong_interval, roc_auc, threshold_metrics, youden_threshold


def pairwise_auc_and_delong_variance(labels, scores):
    """Oracle written from the definitions, with explicit loops over every pair."""
    positives = [s for s, y in zip(scores, labels) if y == 1]
    negatives = [s for s, y in zip(scores, labels) if y == 0]

    def kernel(x, y):
        if x > y:
            return 1.0
        if x == y:
            return 0.5
        return 0.0

    v10 = [sum(kernel(x, y) for y in negatives) / len(negatives) for x in positives]
    v01 = [sum(kernel(x, y) for x in positives) / len(positives) for y in negatives]
    auc = sum(v10) / len(v10)
    variance = np.var(v10, ddof=1) / len(v10) + np.var(v01, ddof=1) / len(v01)
    return auc, variance


class RocAucTest(unittest.TestCase):

    def test_perfect_separation_gives_one(self):
        self.assertEqual(1.0, roc_auc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]))

    def test_reversed_scores_give_zero(self):
        self.assertEqual(0.0, roc_auc([0, 0, 1, 1], [0.9, 0.8, 0.2, 0.1]))

    def test_all_ties_give_one_half(self):
        self.assertEqual(0.5, roc_auc([0, 1, 0, 1], [0.3, 0.3, 0.3, 0.3]))

    def test_rejects_single_class(self):
        with self.assertRaisesRegex(ValueError, "both classes, found 0 positives and 3 negatives"):
            roc_auc([0, 0, 0], [0.1, 0.2, 0.3])

    def test_delong_matches_pairwise_oracle_with_ties(self):
        # given scores with ties inside and across classes
        rng = np.random.default_rng(3)
        labels = rng.integers(0, 2, size=60)
        scores = np.round(rng.normal(labels * 0.8, 1.0), 1)

        # when the fast midrank computation runs
        interval = delong_interval(labels, scores)

        # then it equals the definition evaluated pair by pair
        auc, variance = pairwise_auc_and_delong_variance(labels.tolist(), scores.tolist())
        self.assertAlmostEqual(auc, interval.auc, places=12)
        self.assertAlmostEqual(math.sqrt(variance), interval.standard_error, places=12)
        self.assertAlmostEqual(auc - 1.959963984540054 * math.sqrt(variance), interval.low, places=12)

    def test_interval_is_clipped_to_unit_range(self):
        interval = delong_interval([0, 0, 0, 1, 1, 1], [0.1, 0.2, 0.3, 0.7, 0.8, 0.9])
        self.assertEqual((1.0, 1.0, 1.0), (interval.auc, interval.low, interval.high))


class ThresholdTest(unittest.TestCase):

    def test_youden_threshold_separates_classes(self):
        labels = [0, 0, 0, 1, 1, 1]
        scores = [0.1, 0.35, 0.4, 0.38, 0.7, 0.9]
        threshold = youden_threshold(labels, scores)
        # Cut points 0.38 and 0.7 both reach J = 2/3; the lower one is kept.
        self.assertEqual(0.38, threshold)

    def test_threshold_metrics_at_given_cut(self):
        metrics = threshold_metrics([0, 0, 1, 1], [0.2, 0.6, 0.6, 0.9], 0.6)
        self.assertEqual(1.0, metrics["sensitivity"])
        self.assertEqual(0.5, metrics["specificity"])
        self.assertEqual(0.75, metrics["balancedAccuracy"])
        self.assertAlmostEqual((0.04 + 0.36 + 0.16 + 0.01) / 4, metrics["brierScore"], places=12)

    def test_every_cut_point_is_considered(self):
        labels = [0, 1, 0, 1, 1]
        scores = [0.5, 0.4, 0.3, 0.8, 0.6]
        best = max(
            (np.mean([s >= t for s, y in zip(scores, labels) if y]) + np.mean(
                [s < t for s, y in zip(scores, labels) if not y]) - 1, -t)
            for t in scores)
        self.assertEqual(-best[1], youden_threshold(labels, scores))


if __name__ == "__main__":
    unittest.main()
