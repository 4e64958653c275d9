"""The study's lightweight CNN and the torchvision baselines, all with a global-pooling head.

Every network here is a feature extractor followed by global average pooling and one linear
layer, logits = W . mean(A) + b. Grad-CAM for class k is then ReLU(sum_c W[k, c] A_c), so serving
can compute it from the exported feature maps and classifier weights without gradients.
"""

from __future__ import annotations

from typing import Callable

import torch
import torch.nn as nn
import torchvision

NUM_CLASSES = 2


class GapClassifier(nn.Module):
    """Feature extractor, global average pooling, dropout and one linear layer."""

    def __init__(self, features: nn.Module, head: nn.Linear, dropout: float) -> None:
        super().__init__()
        self.features = features
        self.dropout = nn.Dropout(dropout)
        self.head = head

    def forward_features(self, x: torch.Tensor) -> torch.Tensor:
        return self.features(x)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        pooled = self.forward_features(x).mean(dim=(2, 3))
        return self.head(self.dropout(pooled))


def _conv_bn_relu(in_channels: int, out_channels: int, kernel_size: int) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(in_channels, out_channels, kernel_size, padding=kernel_size // 2, bias=False),
        nn.BatchNorm2d(out_channels),
        nn.ReLU(inplace=True),
    )


class InceptionBlock(nn.Module):
    """Parallel 1x1, 3x3, 5x5 and pooling branches, concatenated along channels."""

    def __init__(self, in_channels: int, branch_channels: int) -> None:
        super().__init__()
        reduced = branch_channels // 2
        self.branch1 = _conv_bn_relu(in_channels, branch_channels, 1)
        self.branch3 = nn.Sequential(_conv_bn_relu(in_channels, reduced, 1),
                                     _conv_bn_relu(reduced, branch_channels, 3))
        self.branch5 = nn.Sequential(_conv_bn_relu(in_channels, reduced, 1),
                                     _conv_bn_relu(reduced, branch_channels, 5))
        self.branch_pool = nn.Sequential(nn.MaxPool2d(3, stride=1, padding=1),
                                         _conv_bn_relu(in_channels, branch_channels, 1))
        self.out_channels = 4 * branch_channels

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([self.branch1(x), self.branch3(x), self.branch5(x), self.branch_pool(x)], dim=1)


def study_cnn() -> GapClassifier:
    """Three VGG-style convolutional modules (224 -> 28 pixels), one inception block, GAP + linear.

    Channel widths are our choice: the study names the layer types but not their sizes. The
    feature maps stay at 28 x 28 so that Grad-CAM keeps useful spatial detail.
    """
    modules = []
    in_channels = 3
    for out_channels in (16, 32, 64):
        modules += [_conv_bn_relu(in_channels, out_channels, 3), _conv_bn_relu(out_channels, out_channels, 3),
                    nn.MaxPool2d(2)]
        in_channels = out_channels
    inception = InceptionBlock(in_channels, 32)
    features = nn.Sequential(*modules, inception)
    return GapClassifier(features, nn.Linear(inception.out_channels, NUM_CLASSES), dropout=0.3)


def mobilenet_v2() -> GapClassifier:
    network = torchvision.models.mobilenet_v2(weights=None, num_classes=NUM_CLASSES)
    return GapClassifier(network.features, network.classifier[1], dropout=0.2)


def densenet_121() -> GapClassifier:
    network = torchvision.models.densenet121(weights=None, num_classes=NUM_CLASSES)
    # DenseNet applies ReLU after its last batch norm inside forward(), not as a module.
    return GapClassifier(nn.Sequential(network.features, nn.ReLU()), network.classifier, dropout=0.0)


def inception_v1() -> GapClassifier:
    """GoogLeNet (Inception v1) without auxiliary classifiers; lighter than Inception v3 at 224 x 224."""
    network = torchvision.models.googlenet(weights=None, num_classes=NUM_CLASSES, aux_logits=False,
                                           transform_input=False, init_weights=True)
    features = nn.Sequential(
        network.conv1, network.maxpool1, network.conv2, network.conv3, network.maxpool2,
        network.inception3a, network.inception3b, network.maxpool3,
        network.inception4a, network.inception4b, network.inception4c, network.inception4d,
        network.inception4e, network.maxpool4, network.inception5a, network.inception5b,
    )
    return GapClassifier(features, network.fc, dropout=0.2)


ARCHITECTURES: dict[str, Callable[[], GapClassifier]] = {
    "study-cnn": study_cnn,
    "mobilenet-v2": mobilenet_v2,
    "densenet-121": densenet_121,
    "inception-v1": inception_v1,
}


def build(architecture: str) -> GapClassifier:
    if architecture not in ARCHITECTURES:
        raise ValueError(f"architecture must be one of {', '.join(ARCHITECTURES)}, found {architecture!r}")
    return ARCHITECTURES[architecture]()


def parameter_count(model: nn.Module) -> int:
    return sum(parameter.numel() for parameter in model.parameters())
