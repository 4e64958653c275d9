"""Training, comparison and ONNX export of the imaging CNN.

The package reads the cohort folder written by the preprocessing module's cohort command
(manifest.csv, tensors/<case_id>.npy, preprocessing.json) and never decodes or resizes images, so
training uses exactly the tensors that serving computes.
"""

__version__ = "0.1.0"
