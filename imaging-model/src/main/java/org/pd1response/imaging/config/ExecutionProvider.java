package org.pd1response.imaging.config;

/** ONNX Runtime execution provider a session is asked to use. */
public enum ExecutionProvider {
  /** CUDA when the CUDA build of ONNX Runtime and a GPU are present, the CPU otherwise. */
  AUTO,
  /** CUDA; a failed start is handled by {@link CudaFailurePolicy}. */
  CUDA,
  /** The CPU provider only. */
  CPU
}
