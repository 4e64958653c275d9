package org.pd1response.imaging.model;

import org.pd1response.imaging.config.CudaFailurePolicy;
import org.pd1response.imaging.config.ExecutionProvider;

/**
 * ONNX Runtime session settings.
 *
 * @param intraOpThreads threads inside one operator; 0 lets ONNX Runtime choose
 * @param interOpThreads threads across independent operators; 0 lets ONNX Runtime choose
 */
public record ExecutionSettings(
    ExecutionProvider provider,
    CudaFailurePolicy cudaFailure,
    int cudaDevice,
    int intraOpThreads,
    int interOpThreads,
    boolean allowSpinning) {

  public ExecutionSettings {
    if (intraOpThreads < 0 || interOpThreads < 0) {
      throw new IllegalArgumentException("thread counts must be 0 or more, found intra-op " + intraOpThreads
          + " and inter-op " + interOpThreads);
    }
  }
}
