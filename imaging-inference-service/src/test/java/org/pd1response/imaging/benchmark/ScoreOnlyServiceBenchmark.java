package org.pd1response.imaging.benchmark;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The service with heat maps off. */
@QuarkusTest
@TestProfile(BenchmarkProfiles.WithoutHeatMaps.class)
class ScoreOnlyServiceBenchmark extends ServiceBenchmark {

  @Override
  String label() {
    return "Service with heat maps off";
  }

  @Override
  int caseOffset() {
    return 1_000_000;
  }

  @Override
  boolean isHeatMapRun() {
    return false;
  }
}
