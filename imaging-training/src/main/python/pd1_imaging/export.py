"""ONNX export with the output names of the imaging model card, and PyTorch reference outputs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import onnx.numpy_helper
import torch
import torch.nn as nn

from .models import GapClassifier

OPSET = 17
INPUT_NAME = "input"
OUTPUT_NAMES = ("probabilities", "feature_maps", "classifier_weights")
REFERENCE_FILES = {"input": "inputs.npy", "probabilities": "probabilities.npy",
                   "feature_maps": "feature_maps.npy", "classifier_weights": "classifier_weights.npy"}


class ExportedModel(nn.Module):
    """Forward pass as served: probabilities, last feature maps and the linear layer's weights."""

    def __init__(self, model: GapClassifier) -> None:
        super().__init__()
        self.model = model

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        feature_maps = self.model.forward_features(x)
        logits = self.model.head(feature_maps.mean(dim=(2, 3)))
        return torch.softmax(logits, dim=1), feature_maps


def export_onnx(model: GapClassifier, path: Path) -> dict:
    """Write the model as ONNX (opset 17, dynamic batch), check it, and return the output shapes."""
    exported = ExportedModel(model).eval()
    sample = torch.zeros(2, 3, 224, 224)
    with torch.no_grad():
        _, feature_maps = exported(sample)
    weights = model.head.weight.detach().numpy().astype("<f4")
    torch.onnx.export(
        exported, sample, str(path), opset_version=OPSET, input_names=[INPUT_NAME],
        output_names=list(OUTPUT_NAMES[:2]), do_constant_folding=True,
        dynamic_axes={INPUT_NAME: {0: "batch"}, "probabilities": {0: "batch"}, "feature_maps": {0: "batch"}},
    )
    graph_model = onnx.load(str(path))
    _add_constant_output(graph_model, OUTPUT_NAMES[2], weights)
    onnx.checker.check_model(graph_model, full_check=True)
    onnx.save(graph_model, str(path))
    channels, height, width = feature_maps.shape[1:]
    return {
        "input": {"name": INPUT_NAME, "shape": [-1, 3, 224, 224], "dtype": "float32"},
        "outputs": {
            "probabilities": {"name": "probabilities", "shape": [-1, 2]},
            "featureMaps": {"name": "feature_maps", "shape": [-1, channels, height, width]},
            "classifierWeights": {"name": "classifier_weights", "shape": list(weights.shape)},
        },
    }


def _add_constant_output(graph_model: onnx.ModelProto, name: str, value: np.ndarray) -> None:
    """Expose a constant as a named graph output through an Identity node.

    The exporter folds a parameter returned from forward() into an unnamed initializer, so the
    classifier weights are added after export under the name the model card fixes.
    """
    graph = graph_model.graph
    constant_name = f"{name}_value"
    graph.initializer.append(onnx.numpy_helper.from_array(value, constant_name))
    graph.node.append(onnx.helper.make_node("Identity", [constant_name], [name], name=f"{name}_output"))
    graph.output.append(onnx.helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, list(value.shape)))


def write_reference_outputs(model: GapClassifier, tensors: np.ndarray, folder: Path, batch_size: int = 16) -> None:
    """Save inputs and PyTorch outputs as little-endian float32 .npy files for the ONNX Runtime check."""
    folder.mkdir(parents=True, exist_ok=True)
    exported = ExportedModel(model).eval()
    probabilities, feature_maps = [], []
    with torch.no_grad():
        for start in range(0, len(tensors), batch_size):
            batch_probabilities, batch_maps = exported(torch.from_numpy(tensors[start:start + batch_size]))
            probabilities.append(batch_probabilities.numpy())
            feature_maps.append(batch_maps.numpy())
    arrays = {"input": tensors, "probabilities": np.concatenate(probabilities),
              "feature_maps": np.concatenate(feature_maps), "classifier_weights": model.head.weight.detach().numpy()}
    for name, array in arrays.items():
        np.save(folder / REFERENCE_FILES[name], np.ascontiguousarray(array, dtype="<f4"))
