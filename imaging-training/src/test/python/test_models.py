import unittest

import torch

from pd1_imaging import models


class ModelsTest(unittest.TestCase):

    def test_every_architecture_ends_in_pooled_linear_head(self):
        # given each network in eval mode and one seeded input
        torch.manual_seed(0)
        image = torch.randn(1, 3, 224, 224)
        for name in models.ARCHITECTURES:
            with self.subTest(architecture=name):
                model = models.build(name).eval()

                # when logits are computed directly and from the feature maps
                with torch.no_grad():
                    logits = model(image)
                    maps = model.forward_features(image)
                    from_maps = maps.mean(dim=(2, 3)) @ model.head.weight.T + model.head.bias

                # then they agree, which is what Grad-CAM from the exported outputs relies on
                self.assertEqual((1, models.NUM_CLASSES), tuple(logits.shape))
                self.assertEqual(maps.shape[1], model.head.weight.shape[1])
                self.assertTrue(torch.allclose(logits, from_maps, atol=1e-5))

    def test_study_cnn_keeps_28_pixel_feature_maps(self):
        model = models.build("study-cnn").eval()
        with torch.no_grad():
            maps = model.forward_features(torch.zeros(2, 3, 224, 224))
        self.assertEqual((2, 128, 28, 28), tuple(maps.shape))
        self.assertLess(models.parameter_count(model), 200_000)

    def test_rejects_unknown_architecture(self):
        with self.assertRaisesRegex(ValueError, "architecture must be one of study-cnn, .* found 'resnet-18'"):
            models.build("resnet-18")


if __name__ == "__main__":
    unittest.main()
