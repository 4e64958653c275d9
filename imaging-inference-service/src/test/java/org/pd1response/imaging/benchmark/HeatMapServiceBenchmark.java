package org.pd1response.imaging.benchmark;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The service with Grad-CAM maps and overlays rendered in the background for every score. */
@QuarkusTest
@TestProfile(BenchmarkProfiles.WithHeatMaps.class)
class HeatMapServiceBenchmark extends ServiceBenchmark {

  @Override
  String label() {
    return "Service with heat maps, overlays in the background";
  }

  @Override
  int caseOffset() {
    return 0;
  }

  @Override
  boolean isHeatMapRun() {
    return true;
  }
}
