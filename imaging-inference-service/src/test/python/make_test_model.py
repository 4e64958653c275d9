"""Build a small imaging model, its card, input tensors and PyTorch reference outputs for tests.

The network has the shape the imaging card format requires: convolutional feature maps A, global
average pooling and one linear layer, exported with ONNX opset 17 with the outputs
``probabilities``, ``feature_maps`` and ``classifier_weights``. The reference Grad-CAM is computed
with autograd (gradient of the positive logit with respect to A, averaged per channel), which is
independent of the closed form that the service uses.

Tensors come from real BUSI images when ``--data-dir`` is given and synthetic seeded images
otherwise. Everything is written under ``--out``; nothing here belongs in the repository.

Run with Debian's interpreter, which has torch: ``/usr/bin/python3 make_test_model.py --out DIR``.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import pathlib
import time

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F

INPUT_SIZE = 224
RESIZE = 256
MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]
POSITIVE_CLASS = 1
OPSET = 17


def preprocessing_parameters() -> dict:
    return {
        "colour": "grey-replicated-to-rgb",
        "crop": INPUT_SIZE,
        "mean": MEAN,
        "resize": RESIZE,
        "std": STD,
    }


def canonical_json(value: dict) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode("utf-8")


class GapNet(nn.Module):
    """Strided convolutions, global average pooling and one linear layer."""

    def __init__(self, width: int, depth: int) -> None:
        super().__init__()
        layers: list[nn.Module] = []
        channels = 3
        for index in range(depth):
            out = width * (2 ** min(index, 3))
            stride = 2 if index < 3 else 1
            layers += [nn.Conv2d(channels, out, 3, stride=stride, padding=1), nn.ReLU()]
            channels = out
        self.features = nn.Sequential(*layers)
        self.fc = nn.Linear(channels, 2)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        maps = self.features(x)
        logits = self.fc(maps.mean(dim=(2, 3)))
        return torch.softmax(logits, dim=1), maps


def export(model: GapNet, path: pathlib.Path) -> list[int]:
    """Export to ONNX and expose the classifier weights as a third output through Identity."""
    example = torch.zeros(1, 3, INPUT_SIZE, INPUT_SIZE)
    torch.onnx.export(
        model, example, str(path), opset_version=OPSET, input_names=["input"],
        output_names=["probabilities", "feature_maps"],
        dynamic_axes={"input": {0: "batch"}, "probabilities": {0: "batch"}, "feature_maps": {0: "batch"}})
    graph_model = onnx.load(str(path))
    graph = graph_model.graph
    weights = [init for init in graph.initializer if init.name == "fc.weight"]
    if len(weights) != 1:
        raise SystemExit(f"expected one initializer named fc.weight, found {[i.name for i in graph.initializer]}")
    shape = list(weights[0].dims)
    graph.node.append(onnx.helper.make_node("Identity", ["fc.weight"], ["classifier_weights"]))
    graph.output.append(onnx.helper.make_tensor_value_info("classifier_weights", onnx.TensorProto.FLOAT, shape))
    onnx.checker.check_model(graph_model)
    onnx.save(graph_model, str(path))
    return shape


def busi_tensors(data_dir: pathlib.Path, count: int) -> list[tuple[str, np.ndarray]]:
    import cv2  # only needed for real images

    images = []
    for label in ("benign", "malignant"):
        folder = data_dir / "busi" / label / "images"
        images += sorted(folder.glob("*.png"), key=lambda p: p.name)[: (count + 1) // 2]
    result = []
    for path in images[:count]:
        grey = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
        if grey is None:
            raise SystemExit(f"could not read image {path}")
        result.append((f"busi/{path.parent.parent.name}/{path.stem}", preprocess(grey)))
    return result


def synthetic_tensors(count: int, seed: int) -> list[tuple[str, np.ndarray]]:
    """Speckled images with one bright ellipse each, so that heat maps have structure."""
    rng = np.random.default_rng(seed)
    result = []
    yy, xx = np.mgrid[0:480, 0:560]
    for index in range(count):
        grey = rng.gamma(2.0, 30.0, size=(480, 560))
        cy, cx = rng.integers(120, 360), rng.integers(120, 440)
        ry, rx = rng.integers(30, 90), rng.integers(30, 90)
        grey[((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2 < 1] += 120
        result.append((f"synthetic/{index}", preprocess(np.clip(grey, 0, 255).astype(np.uint8))))
    return result


def preprocess(grey: np.ndarray) -> np.ndarray:
    """Resize the shorter side to RESIZE, centre-crop INPUT_SIZE, scale to [0, 1], normalise."""
    image = torch.from_numpy(grey.astype(np.float32) / 255.0)[None, None]
    height, width = grey.shape
    scale = RESIZE / min(height, width)
    size = (max(RESIZE, round(height * scale)), max(RESIZE, round(width * scale)))
    image = F.interpolate(image, size=size, mode="bilinear", align_corners=False)[0, 0]
    top = (size[0] - INPUT_SIZE) // 2
    left = (size[1] - INPUT_SIZE) // 2
    crop = image[top:top + INPUT_SIZE, left:left + INPUT_SIZE]
    channels = [(crop - MEAN[c]) / STD[c] for c in range(3)]
    return torch.stack(channels).numpy().astype("<f4")


def reference_outputs(model: GapNet, tensor: np.ndarray) -> tuple[float, np.ndarray]:
    """Positive probability and autograd Grad-CAM, normalised to [0, 1] and upsampled bilinearly."""
    x = torch.from_numpy(tensor)[None]
    maps = model.features(x)
    maps.retain_grad()
    logits = model.fc(maps.mean(dim=(2, 3)))
    logits[0, POSITIVE_CLASS].backward()
    alphas = maps.grad[0].mean(dim=(1, 2))
    cam = torch.relu((alphas[:, None, None] * maps[0]).sum(dim=0)).detach()
    peak = cam.max()
    cam = cam / peak if peak > 0 else cam
    upsampled = F.interpolate(cam[None, None], size=(INPUT_SIZE, INPUT_SIZE), mode="bilinear", align_corners=False)
    probability = torch.softmax(logits.detach(), dim=1)[0, POSITIVE_CLASS].item()
    return probability, upsampled[0, 0].numpy().astype("<f4")


def eager_images_per_second(model: GapNet, tensors: list[np.ndarray], batch_size: int, seconds: float) -> float:
    batch = torch.from_numpy(np.stack([tensors[i % len(tensors)] for i in range(batch_size)]))
    with torch.no_grad():
        model(batch)
        images = 0
        start = time.perf_counter()
        while time.perf_counter() - start < seconds:
            model(batch)
            images += batch_size
    return images / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=pathlib.Path, required=True, help="output folder")
    parser.add_argument("--name", default="imaging-cnn", help="registry model name")
    parser.add_argument("--version", default="1.0.0", help="model version")
    parser.add_argument("--seed", type=int, default=11, help="seed of the weights and synthetic images")
    parser.add_argument("--width", type=int, default=8, help="channels of the first convolution")
    parser.add_argument("--depth", type=int, default=4, help="number of convolutions")
    parser.add_argument("--tensors", type=int, default=6, help="number of input tensors")
    parser.add_argument("--data-dir", type=pathlib.Path, help="shared data folder with busi/; synthetic images when absent")
    parser.add_argument("--threads", type=int, default=2, help="PyTorch intra-op threads")
    parser.add_argument("--eager-batch", type=int, default=0, help="batch size of the PyTorch eager timing; 0 skips it")
    parser.add_argument("--eager-seconds", type=float, default=5.0, help="duration of the PyTorch eager timing")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    model = GapNet(args.width, args.depth).eval()

    model_file = f"{args.name}-{args.version}.onnx"
    weights_shape = export(model, args.out / model_file)
    with torch.no_grad():
        _, maps = model(torch.zeros(1, 3, INPUT_SIZE, INPUT_SIZE))
    feature_shape = [-1] + list(maps.shape[1:])

    preprocessing = preprocessing_parameters()
    preprocessing_bytes = canonical_json(preprocessing)
    preprocessing_hash = hashlib.sha256(preprocessing_bytes).hexdigest()
    (args.out / "preprocessing.json").write_bytes(preprocessing_bytes)

    card = {
        "schemaVersion": 1, "name": args.name, "version": args.version, "kind": "IMAGING", "format": "ONNX",
        "modelFile": model_file,
        "sha256": hashlib.sha256((args.out / model_file).read_bytes()).hexdigest(),
        "createdAt": datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc).isoformat().replace("+00:00", "Z"),
        "description": "Untrained test network with seeded weights; its scores mean nothing clinically.",
        "architecture": f"gapnet-w{args.width}-d{args.depth}",
        "positiveClassIndex": POSITIVE_CLASS, "threshold": 0.5,
        "input": {"name": "input", "shape": [-1, 3, INPUT_SIZE, INPUT_SIZE], "dtype": "float32"},
        "outputs": {
            "probabilities": {"name": "probabilities", "shape": [-1, 2]},
            "featureMaps": {"name": "feature_maps", "shape": feature_shape},
            "classifierWeights": {"name": "classifier_weights", "shape": weights_shape},
        },
        "preprocessing": preprocessing, "preprocessingHash": preprocessing_hash,
        "training": {"seed": args.seed, "epochs": 0, "optimiser": "none"},
        "metrics": {},
    }
    (args.out / "card.json").write_text(json.dumps(card, indent=2))

    if args.data_dir is not None:
        tensors = busi_tensors(args.data_dir, args.tensors)
    else:
        tensors = synthetic_tensors(args.tensors, args.seed)
    tensor_dir = args.out / "tensors"
    tensor_dir.mkdir(exist_ok=True)
    cases = []
    for index, (image_id, tensor) in enumerate(tensors):
        probability, heat_map = reference_outputs(model, tensor)
        np.save(tensor_dir / f"{index}.npy", tensor)
        np.save(tensor_dir / f"{index}-heatmap.npy", heat_map)
        cases.append({"index": index, "imageId": image_id, "tensorFile": f"tensors/{index}.npy",
                      "heatMapFile": f"tensors/{index}-heatmap.npy", "probability": probability})
    reference = {"preprocessingHash": preprocessing_hash, "cases": cases}
    if args.eager_batch > 0:
        reference["eagerImagesPerSecond"] = eager_images_per_second(
            model, [t for _, t in tensors], args.eager_batch, args.eager_seconds)
        reference["eagerBatchSize"] = args.eager_batch
        reference["eagerThreads"] = args.threads
    (args.out / "reference.json").write_text(json.dumps(reference, indent=2))


if __name__ == "__main__":
    main()
