package org.pd1response.imaging.benchmark;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The service with Grad-CAM maps and overlays rendered only on request. */
@QuarkusTest
@TestProfile(BenchmarkProfiles.WithOnRequestOverlays.class)
class OnRequestOverlayServiceBenchmark extends ServiceBenchmark {

  @Override
  String label() {
    return "Service with heat maps, overlays on request";
  }

  @Override
  int caseOffset() {
    return 20_000_000;
  }

  @Override
  boolean isHeatMapRun() {
    return true;
  }
}
