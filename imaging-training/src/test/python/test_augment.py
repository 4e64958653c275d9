import unittest

import torch

from pd1_imaging.augment import NO_AUGMENTATION, AugmentationConfig, augment_batch

SEED = 42


def sample_batch() -> torch.Tensor:
    generator = torch.Generator().manual_seed(SEED)
    grey = torch.rand(4, 1, 32, 32, generator=generator) * 2 - 1
    return grey.expand(4, 3, 32, 32).contiguous()


class AugmentTest(unittest.TestCase):

    def test_same_seed_gives_same_batch(self):
        first = augment_batch(sample_batch(), AugmentationConfig(), torch.Generator().manual_seed(SEED))
        second = augment_batch(sample_batch(), AugmentationConfig(), torch.Generator().manual_seed(SEED))
        self.assertTrue(torch.equal(first, second))

    def test_different_seed_gives_different_batch(self):
        first = augment_batch(sample_batch(), AugmentationConfig(), torch.Generator().manual_seed(SEED))
        second = augment_batch(sample_batch(), AugmentationConfig(), torch.Generator().manual_seed(SEED + 1))
        self.assertFalse(torch.equal(first, second))

    def test_no_augmentation_keeps_values(self):
        batch = sample_batch()
        augmented = augment_batch(batch, NO_AUGMENTATION, torch.Generator().manual_seed(SEED))
        self.assertTrue(torch.allclose(batch, augmented, atol=1e-6))

    def test_certain_flip_mirrors_columns(self):
        config = AugmentationConfig(1.0, 0.0, 0.0, 0.0, 0.0, 0.0)
        batch = sample_batch()
        augmented = augment_batch(batch, config, torch.Generator().manual_seed(SEED))
        self.assertTrue(torch.allclose(batch.flip(-1), augmented, atol=1e-6))

    def test_keeps_channels_equal_and_floor_unchanged(self):
        # given a greyscale batch replicated over three channels
        batch = sample_batch()

        # when every augmentation step is active
        augmented = augment_batch(batch, AugmentationConfig(), torch.Generator().manual_seed(SEED))

        # then the channels stay equal and nothing drops below the image's black level
        self.assertEqual(batch.shape, augmented.shape)
        self.assertTrue(torch.equal(augmented[:, 0], augmented[:, 1]))
        self.assertTrue(torch.equal(augmented[:, 0], augmented[:, 2]))
        floors = batch.amin(dim=(1, 2, 3))
        self.assertTrue(torch.all(augmented.amin(dim=(1, 2, 3)) >= floors - 1e-6))

    def test_rejects_contrast_of_one_or_more(self):
        with self.assertRaisesRegex(ValueError, "max_contrast must be < 1, found 1.0"):
            AugmentationConfig(max_contrast=1.0)


if __name__ == "__main__":
    unittest.main()
