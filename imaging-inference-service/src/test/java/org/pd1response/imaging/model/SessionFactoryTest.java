package org.pd1response.imaging.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.nio.file.Files;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pd1response.imaging.TestModels;
import org.pd1response.imaging.config.CudaFailurePolicy;
import org.pd1response.imaging.config.ExecutionProvider;

/**
 * Provider selection against the real ONNX Runtime build on the class path. Without a GPU every
 * CUDA start fails for real, with the CPU build (the default) and with the CUDA build (-Pgpu)
 * alike, which exercises the fallback and fail-fast paths. The successful CUDA path needs the
 * -Pgpu build on a GPU node. One of the two AUTO tests is skipped in each build.
 */
class SessionFactoryTest {

  static byte[] model;
  static OrtEnvironment environment;

  @BeforeAll
  static void loadModel() throws Exception {
    model = Files.readAllBytes(TestModels.version(TestModels.FIRST_VERSION).modelFile());
    environment = OrtEnvironment.getEnvironment();
  }

  @Test
  void cpuRequestRunsOnCpu() throws Exception {
    SessionFactory.OpenedSession opened = open(ExecutionProvider.CPU, CudaFailurePolicy.FAIL);

    try (var session = opened.session()) {
      assertEquals(1, session.getNumInputs());
      assertEquals("CPU", opened.selection().provider());
      assertFalse(opened.selection().fallback());
    }
  }

  @Test
  void autoOnCpuBuildUsesCpu() throws Exception {
    boolean cudaBuild = OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
    Assumptions.assumeFalse(cudaBuild, "the CUDA build is on the class path (-Pgpu)");

    SessionFactory.OpenedSession opened = open(ExecutionProvider.AUTO, CudaFailurePolicy.FAIL);

    try (var session = opened.session()) {
      assertEquals("CPU", opened.selection().provider());
      assertFalse(opened.selection().fallback());
      assertTrue(opened.selection().reason().contains("no CUDA provider"), opened.selection().reason());
    }
  }

  @Test
  void autoOnCudaBuildFlagsCpuAsFallback() throws Exception {
    boolean cudaBuild = OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
    Assumptions.assumeTrue(cudaBuild, "needs the CUDA build of ONNX Runtime (-Pgpu)");

    SessionFactory.OpenedSession opened = open(ExecutionProvider.AUTO, CudaFailurePolicy.FAIL);

    try (var session = opened.session()) {
      if ("CPU".equals(opened.selection().provider())) {
        assertTrue(opened.selection().fallback(), "a CUDA build on the CPU counts as a fallback");
        assertTrue(opened.selection().reason().startsWith("CUDA failed to start"), opened.selection().reason());
      } else {
        assertEquals("CUDA", opened.selection().provider());
        assertFalse(opened.selection().fallback());
      }
    }
  }

  @Test
  void cudaFailureFailsFastByDefault() {
    ProviderStartException e = assertThrows(ProviderStartException.class,
        () -> open(ExecutionProvider.CUDA, CudaFailurePolicy.FAIL).session().close());

    assertTrue(e.getMessage().startsWith("CUDA execution provider failed to start on device 0"), e.getMessage());
    assertTrue(e.getMessage().contains("cuda-failure=FALL_BACK"), e.getMessage());
  }

  @Test
  void cudaFailureFallsBackToCpu() throws Exception {
    SessionFactory.OpenedSession opened = open(ExecutionProvider.CUDA, CudaFailurePolicy.FALL_BACK);

    try (var session = opened.session()) {
      assertEquals("CPU", opened.selection().provider());
      assertTrue(opened.selection().fallback());
      assertTrue(opened.selection().reason().startsWith("CUDA failed to start"), opened.selection().reason());
    }
  }

  private static SessionFactory.OpenedSession open(ExecutionProvider provider, CudaFailurePolicy policy)
      throws Exception {
    return SessionFactory.open(environment, model, new ExecutionSettings(provider, policy, 0, 1, 1, false));
  }
}
