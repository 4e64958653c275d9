package org.pd1response.imaging.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import org.jboss.logging.Logger;
import org.pd1response.imaging.config.CudaFailurePolicy;

/**
 * Opens ONNX Runtime sessions on the requested execution provider. CUDA counts as started only
 * when the session itself is created with it, because {@code addCUDA} succeeds on a CUDA build
 * even on a machine without a usable GPU and the failure shows only at session creation.
 *
 * <ul>
 *   <li>CPU: the CPU provider.
 *   <li>AUTO: CUDA when this ONNX Runtime build has it and the session starts on it, else the CPU;
 *       a CUDA start that fails is a fallback (warning and metric tag).
 *   <li>CUDA: CUDA; a failed start throws {@link ProviderStartException} under
 *       {@link CudaFailurePolicy#FAIL} and falls back to the CPU under {@link CudaFailurePolicy#FALL_BACK}.
 * </ul>
 */
public final class SessionFactory {

  private static final Logger LOG = Logger.getLogger(SessionFactory.class);

  /** A session and the provider it runs on; the caller closes the session. */
  public record OpenedSession(OrtSession session, ProviderSelection selection) {}

  private SessionFactory() {}

  /**
   * Creates a session for the model bytes.
   *
   * @throws ProviderStartException when CUDA was required and did not start
   * @throws OrtException when the model cannot be loaded on the CPU either
   */
  public static OpenedSession open(OrtEnvironment environment, byte[] model, ExecutionSettings settings)
      throws OrtException {
    switch (settings.provider()) {
      case CPU:
        return new OpenedSession(openCpu(environment, model, settings),
            new ProviderSelection(settings.provider(), "CPU", false, "CPU requested"));
      case AUTO:
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
          return new OpenedSession(openCpu(environment, model, settings), new ProviderSelection(settings.provider(),
              "CPU", false, "this ONNX Runtime build has no CUDA provider (build with -Pgpu for the CUDA build)"));
        }
        return openCudaOrFallBack(environment, model, settings);
      case CUDA:
        if (settings.cudaFailure() == CudaFailurePolicy.FAIL) {
          try {
            return new OpenedSession(openCuda(environment, model, settings),
                new ProviderSelection(settings.provider(), "CUDA", false, "CUDA requested"));
          } catch (OrtException e) {
            throw new ProviderStartException("CUDA execution provider failed to start on device "
                + settings.cudaDevice() + ": " + e.getMessage() + "; use the CUDA build (-Pgpu) on a GPU node, or set "
                + "pipeline.imaging.execution.cuda-failure=FALL_BACK or pipeline.imaging.execution.provider=CPU", e);
          }
        }
        return openCudaOrFallBack(environment, model, settings);
      default:
        throw new IllegalArgumentException("unknown execution provider " + settings.provider());
    }
  }

  private static OpenedSession openCudaOrFallBack(OrtEnvironment environment, byte[] model,
      ExecutionSettings settings) throws OrtException {
    try {
      return new OpenedSession(openCuda(environment, model, settings),
          new ProviderSelection(settings.provider(), "CUDA", false, "CUDA started on device " + settings.cudaDevice()));
    } catch (OrtException e) {
      LOG.warnf("CUDA execution provider failed to start on device %d, falling back to the CPU: %s",
          settings.cudaDevice(), e.getMessage());
      return new OpenedSession(openCpu(environment, model, settings), new ProviderSelection(settings.provider(), "CPU",
          true, "CUDA failed to start: " + e.getMessage()));
    }
  }

  private static OrtSession openCuda(OrtEnvironment environment, byte[] model, ExecutionSettings settings)
      throws OrtException {
    try (OrtSession.SessionOptions options = baseOptions(settings)) {
      options.addCUDA(settings.cudaDevice());
      return environment.createSession(model, options);
    }
  }

  private static OrtSession openCpu(OrtEnvironment environment, byte[] model, ExecutionSettings settings)
      throws OrtException {
    try (OrtSession.SessionOptions options = baseOptions(settings)) {
      return environment.createSession(model, options);
    }
  }

  private static OrtSession.SessionOptions baseOptions(ExecutionSettings settings) throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    try {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      if (settings.intraOpThreads() > 0) {
        options.setIntraOpNumThreads(settings.intraOpThreads());
      }
      if (settings.interOpThreads() > 0) {
        options.setInterOpNumThreads(settings.interOpThreads());
      }
      String spinning = settings.allowSpinning() ? "1" : "0";
      options.addConfigEntry("session.intra_op.allow_spinning", spinning);
      options.addConfigEntry("session.inter_op.allow_spinning", spinning);
      return options;
    } catch (OrtException | RuntimeException e) {
      options.close();
      throw e;
    }
  }
}
