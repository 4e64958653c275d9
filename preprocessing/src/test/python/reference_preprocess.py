"""Independent NumPy/SciPy implementation of the ultrasound preprocessing, for reference tests.

Reads a JSON job list and writes, for each job, the preprocessed image as a float64 .npy array
of shape (3, crop, crop): grey levels 0..255 before normalisation, channels in the requested
order. PNG decoding uses OpenCV's Python binding (lossless, so any decoder gives the same
pixels); every processing step is NumPy/SciPy code written from the algorithm descriptions:

  1. drop an alpha channel; 16-bit to 8-bit by full-range scaling or min-max stretch
  2. optional conversion to grey with BT.601 weights in 15-bit fixed point, as OpenCV does
  3. median filter (edge pixels replicated), then Gaussian filter (reflect-101 border)
  4. ROI overlay: dim or blank outside the mask, or crop to its bounding box plus a margin
  5. resize (bilinear with half-pixel centres, or pixel-area averaging), then centre crop

Usage: /usr/bin/python3 reference_preprocess.py JOBS.json
Each job: {"image": PATH, "masks": [PATH...], "params": {...}, "out": PATH}.
A job that the pipeline would reject writes {"rejected": CODE} to OUT + ".json" instead.
"""

import json
import math
import sys

import cv2
import numpy as np
from scipy import ndimage


class Rejected(Exception):
    pass


def to_8bit(image, mode):
    if image.dtype == np.uint8:
        return image
    if image.dtype != np.uint16:
        raise Rejected("UNSUPPORTED_BIT_DEPTH")
    values = image.astype(np.float64)
    if mode == "SCALE":
        return np.rint(values * (255.0 / 65535.0)).astype(np.uint8)
    low, high = values.min(), values.max()
    if high == low:
        return np.zeros(image.shape, np.uint8)
    alpha = 255.0 / (high - low)
    return np.rint(values * alpha - low * alpha).astype(np.uint8)


def to_bgr(image, params):
    if image.ndim == 3 and image.shape[2] == 4:
        image = image[:, :, :3]
    image = to_8bit(image, params["bitDepthConversion"])
    if image.ndim == 2:
        image = np.stack([image] * 3, axis=2)
    if params["colourMode"] == "GREY":
        b, g, r = (image[:, :, i].astype(np.int64) for i in range(3))
        grey = ((b * 3735 + g * 19235 + r * 9798 + (1 << 14)) >> 15).astype(np.uint8)
        image = np.stack([grey] * 3, axis=2)
    return image


def gaussian_kernel(size, sigma):
    x = np.arange(size, dtype=np.float64) - (size - 1) * 0.5
    kernel = np.exp(-0.5 * x * x / (sigma * sigma))
    return kernel / kernel.sum()


def filters(image, params):
    out = np.empty(image.shape, np.float64)
    kernel = gaussian_kernel(params["gaussianKernel"], params["gaussianSigma"])
    for c in range(3):
        channel = image[:, :, c]
        if params["medianKernel"] > 1:
            channel = ndimage.median_filter(channel, size=params["medianKernel"], mode="nearest")
        channel = channel.astype(np.float64)
        if params["gaussianKernel"] > 1:
            channel = ndimage.correlate1d(channel, kernel, axis=0, mode="mirror")
            channel = ndimage.correlate1d(channel, kernel, axis=1, mode="mirror")
        out[:, :, c] = channel
    return out


def read_mask(paths, shape):
    union = np.zeros(shape[:2], bool)
    for path in paths:
        mask = cv2.imread(path, cv2.IMREAD_UNCHANGED)
        if mask is None:
            raise Rejected("UNREADABLE_MASK")
        if mask.shape[:2] != shape[:2]:
            raise Rejected("MASK_SIZE_MISMATCH")
        if mask.ndim == 3:
            mask = mask[:, :, :3].max(axis=2)
        union |= mask > 0
    return union


def overlay(image, mask, params):
    mode = params["overlayMode"]
    if mode == "NONE":
        return image
    if not mask.any():
        if params["roiRequired"]:
            raise Rejected("EMPTY_MASK")
        return image
    if mode == "DIM":
        out = image.copy()
        out[~mask] *= params["dimFactor"]
        return out
    if mode == "BLANK":
        out = image.copy()
        out[~mask] = 0.0
        return out
    rows = np.nonzero(mask.any(axis=1))[0]
    cols = np.nonzero(mask.any(axis=0))[0]
    x, y = cols[0], rows[0]
    w, h = cols[-1] - x + 1, rows[-1] - y + 1
    mx = int(math.floor(params["cropMargin"] * w))
    my = int(math.floor(params["cropMargin"] * h))
    height, width = mask.shape
    return image[max(0, y - my):min(height, y + h + my), max(0, x - mx):min(width, x + w + mx)]


def linear_weights(src, dst, area_mode):
    """Two-tap weights per output index, as OpenCV's bilinear resize defines them."""
    scale = src / dst
    inverse = dst / src
    weights = np.zeros((dst, src))
    for d in range(dst):
        if area_mode:
            s = math.floor(d * scale)
            f = np.float32((d + 1) - (s + 1) * inverse)
            f = 0.0 if f <= 0 else float(f) - math.floor(f)
        else:
            f = float(np.float32((d + 0.5) * scale - 0.5))
            s = math.floor(f)
            f -= s
        if s < 0:
            s, f = 0, 0.0
        if s >= src - 1:
            s, f = src - 1, 0.0
        weights[d, s] += 1.0 - f
        if f > 0:
            weights[d, s + 1] += f
    return weights


def area_weights(src, dst):
    """Pixel-area weights for shrinking, as OpenCV's area resize defines them."""
    scale = src / dst
    weights = np.zeros((dst, src))
    for d in range(dst):
        start = d * scale
        end = start + scale
        cell = min(scale, src - start)
        first = min(math.ceil(start), src - 1)
        last = min(math.floor(end), src - 1)
        first = min(first, last)
        if first - start > 1e-3:
            weights[d, first - 1] += (first - start) / cell
        for s in range(first, last):
            weights[d, s] += 1.0 / cell
        tail = min(min(end - last, 1.0), cell)
        if tail > 1e-3:
            weights[d, last] += tail / cell
    return weights


def resize(image, size, interpolation):
    height, width = image.shape[:2]
    if interpolation == "AREA" and height >= size and width >= size:
        rows, cols = area_weights(height, size), area_weights(width, size)
    else:
        area_mode = interpolation == "AREA"
        rows = linear_weights(height, size, area_mode)
        cols = linear_weights(width, size, area_mode)
    return np.einsum("ys,sxc->yxc", rows, np.einsum("xs,ysc->yxc", cols, image))


def preprocess(job):
    params = job["params"]
    image = cv2.imread(job["image"], cv2.IMREAD_UNCHANGED)
    if image is None:
        raise Rejected("UNREADABLE_IMAGE")
    image = to_bgr(image, params)
    mask = read_mask(job.get("masks", []), image.shape)
    out = overlay(filters(image, params), mask, params)
    out = resize(out, params["resizeSize"], params["interpolation"])
    offset = (params["resizeSize"] - params["cropSize"]) // 2
    out = out[offset:offset + params["cropSize"], offset:offset + params["cropSize"]]
    if params["channelOrder"] == "RGB":
        out = out[:, :, ::-1]
    return np.ascontiguousarray(out.transpose(2, 0, 1))


def main():
    with open(sys.argv[1]) as handle:
        jobs = json.load(handle)
    for job in jobs:
        try:
            np.save(job["out"], preprocess(job))
        except Rejected as rejection:
            with open(job["out"] + ".json", "w") as handle:
                json.dump({"rejected": str(rejection)}, handle)


if __name__ == "__main__":
    main()
