"""Training-time augmentation on normalised tensors, suited to B-mode ultrasound.

The tensors arrive normalised by an affine map whose parameters belong to preprocessing, so every
step here works relative to each image's own minimum (taken as black) and statistics. That keeps
the augmentation valid for any mean and standard deviation the cohort command used.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F


@dataclass(frozen=True)
class AugmentationConfig:
    horizontal_flip_probability: float = 0.5
    """Probability of a left-right flip. No vertical flip: depth runs top to bottom in B-mode."""
    max_rotation_degrees: float = 10.0
    max_shift_fraction: float = 0.06
    """Maximum shift along each axis, as a fraction of the image size."""
    max_brightness: float = 0.1
    """Maximum brightness offset, in units of the image's standard deviation."""
    max_contrast: float = 0.15
    """Maximum relative change of contrast around the image mean."""
    speckle_sigma: float = 0.08
    """Standard deviation of the multiplicative (speckle-like) Gaussian noise."""

    def __post_init__(self) -> None:
        if not 0.0 <= self.horizontal_flip_probability <= 1.0:
            raise ValueError(
                f"horizontal_flip_probability must be in [0, 1], found {self.horizontal_flip_probability}")
        for name in ("max_rotation_degrees", "max_shift_fraction", "max_brightness", "max_contrast",
                     "speckle_sigma"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be >= 0, found {getattr(self, name)}")
        if self.max_contrast >= 1.0:
            raise ValueError(f"max_contrast must be < 1, found {self.max_contrast}")

    def to_json(self) -> dict:
        return asdict(self)


NO_AUGMENTATION = AugmentationConfig(0.0, 0.0, 0.0, 0.0, 0.0, 0.0)


def augment_batch(batch: torch.Tensor, config: AugmentationConfig, generator: torch.Generator) -> torch.Tensor:
    """Return an augmented copy of a (N, 3, H, W) batch; all randomness comes from generator.

    Steps: left-right flip, rotation and shift (bilinear, filling with black), multiplicative
    speckle noise shared by the three channels, contrast around the mean, brightness offset.
    """
    if batch.dim() != 4:
        raise ValueError(f"batch must have 4 dimensions (N, C, H, W), found shape {tuple(batch.shape)}")
    count = batch.shape[0]
    flips = torch.rand(count, generator=generator) < config.horizontal_flip_probability
    batch = torch.where(flips[:, None, None, None], batch.flip(-1), batch)

    floor = batch.amin(dim=(1, 2, 3), keepdim=True)
    intensity = batch - floor
    intensity = _rotate_and_shift(intensity, config, generator)

    if config.speckle_sigma > 0:
        noise = torch.randn((count, 1) + tuple(batch.shape[2:]), generator=generator)
        intensity = intensity * (1.0 + config.speckle_sigma * noise)

    mean = intensity.mean(dim=(1, 2, 3), keepdim=True)
    std = intensity.std(dim=(1, 2, 3), keepdim=True)
    contrast = 1.0 + (torch.rand(count, 1, 1, 1, generator=generator) * 2 - 1) * config.max_contrast
    brightness = (torch.rand(count, 1, 1, 1, generator=generator) * 2 - 1) * config.max_brightness * std
    intensity = (intensity - mean) * contrast + mean + brightness
    return intensity.clamp(min=0.0) + floor


def _rotate_and_shift(intensity: torch.Tensor, config: AugmentationConfig,
                      generator: torch.Generator) -> torch.Tensor:
    count = intensity.shape[0]
    angles = (torch.rand(count, generator=generator) * 2 - 1) * math.radians(config.max_rotation_degrees)
    # affine_grid uses coordinates from -1 to 1, so a shift of f image widths is 2 f.
    shifts = (torch.rand(count, 2, generator=generator) * 2 - 1) * config.max_shift_fraction * 2
    if config.max_rotation_degrees == 0 and config.max_shift_fraction == 0:
        return intensity
    cos, sin = torch.cos(angles), torch.sin(angles)
    theta = torch.stack([
        torch.stack([cos, -sin, shifts[:, 0]], dim=1),
        torch.stack([sin, cos, shifts[:, 1]], dim=1),
    ], dim=1)
    grid = F.affine_grid(theta, list(intensity.shape), align_corners=False)
    return F.grid_sample(intensity, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
