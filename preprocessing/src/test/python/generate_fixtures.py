"""Generate the synthetic fixture images and the checked-in reference arrays.

Writes seeded synthetic ultrasound-like images and ROI masks (8-bit grey, 8-bit colour, 16-bit
grey, 8-bit with alpha) into FIXTURES/, then runs reference_preprocess.py on every case of
FIXTURES/cases.json and stores each result as float32 FIXTURES/reference/NAME.npy.

Usage: /usr/bin/python3 generate_fixtures.py FIXTURES
"""

import json
import os
import subprocess
import sys
import tempfile

import cv2
import numpy as np

SEED = 20261204


def speckle(rng, height, width, scale):
    """Rayleigh-distributed speckle, smoothed a little, like B-mode texture."""
    noise = rng.rayleigh(scale, (height, width))
    return cv2.blur(noise, (3, 3))


def ellipse_mask(height, width, centre, axes):
    mask = np.zeros((height, width), np.uint8)
    cv2.ellipse(mask, centre, axes, 0, 0, 360, 255, -1)
    return mask


def write(path, image):
    if not cv2.imwrite(path, image):
        raise RuntimeError("cannot write " + path)


def main():
    root = sys.argv[1]
    rng = np.random.default_rng(SEED)

    grey = speckle(rng, 120, 160, 60.0)
    lesion = ellipse_mask(120, 160, (70, 55), (28, 20))
    grey[lesion > 0] *= 0.45
    write(os.path.join(root, "grey8.png"), np.clip(grey, 0, 255).astype(np.uint8))
    write(os.path.join(root, "grey8_mask.png"), lesion)
    write(os.path.join(root, "grey8_mask_1.png"), ellipse_mask(120, 160, (120, 90), (10, 8)))

    colour = np.stack([speckle(rng, 170, 150, 50.0) for _ in range(3)], axis=2)
    colour[40:80, 30:70] = (30.0, 60.0, 230.0)
    colour[100:130, 80:120] = (220.0, 40.0, 20.0)
    write(os.path.join(root, "colour8.png"), np.clip(colour, 0, 255).astype(np.uint8))
    colour_mask = ellipse_mask(170, 150, (60, 70), (35, 30))
    write(os.path.join(root, "colour8_mask.png"), np.stack([colour_mask] * 3, axis=2))

    deep = speckle(rng, 140, 130, 9000.0) + 1000.0
    deep_lesion = ellipse_mask(140, 130, (65, 75), (25, 30))
    deep[deep_lesion > 0] += 15000.0
    write(os.path.join(root, "grey16.png"), np.clip(deep, 0, 65535).astype(np.uint16))
    write(os.path.join(root, "grey16_mask.png"), (deep_lesion > 0).astype(np.uint8))

    bgra = np.zeros((128, 128, 4), np.uint8)
    bgra[:, :, :3] = np.clip(np.stack([speckle(rng, 128, 128, 70.0)] * 3, axis=2), 0, 255)
    bgra[:, :, 3] = 200
    write(os.path.join(root, "rgba8.png"), bgra)
    rgba_mask = np.zeros((128, 128, 4), np.uint8)
    rgba_mask[:, :, :3] = np.stack([ellipse_mask(128, 128, (64, 60), (30, 24))] * 3, axis=2)
    rgba_mask[:, :, 3] = 255
    write(os.path.join(root, "rgba8_mask.png"), rgba_mask)

    with open(os.path.join(root, "cases.json")) as handle:
        cases = json.load(handle)
    reference_dir = os.path.join(root, "reference")
    os.makedirs(reference_dir, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        jobs = [{
            "image": os.path.join(root, case["image"]),
            "masks": [os.path.join(root, mask) for mask in case["masks"]],
            "params": case["params"],
            "out": os.path.join(work, case["name"] + ".npy"),
        } for case in cases]
        jobs_file = os.path.join(work, "jobs.json")
        with open(jobs_file, "w") as handle:
            json.dump(jobs, handle)
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference_preprocess.py")
        subprocess.run([sys.executable, script, jobs_file], check=True)
        for case, job in zip(cases, jobs):
            result = np.load(job["out"]).astype("<f4")
            np.save(os.path.join(reference_dir, case["name"] + ".npy"), result)


if __name__ == "__main__":
    main()
