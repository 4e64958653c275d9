package org.pd1response.imaging.config;

/** Response to a CUDA provider that was requested explicitly and does not start. */
public enum CudaFailurePolicy {
  /** Loading fails and the service stays unready, so that a misplaced GPU node is noticed. */
  FAIL,
  /** The session runs on the CPU, with a warning and the {@code fallback} metric tag. */
  FALL_BACK
}
