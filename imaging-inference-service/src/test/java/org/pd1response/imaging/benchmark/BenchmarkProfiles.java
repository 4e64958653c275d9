package org.pd1response.imaging.benchmark;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Service settings of the two end-to-end benchmark runs; each run reads only events sent after it starts. */
final class BenchmarkProfiles {

  private BenchmarkProfiles() {}

  static Map<String, String> common(String group, boolean heatMaps) {
    return Map.of(
        "pipeline.imaging.model.name", BenchmarkModelResource.NAME,
        "pipeline.imaging.batch.max-size", Integer.toString(BenchmarkModelResource.BATCH),
        "pipeline.imaging.execution.intra-op-threads", Integer.toString(BenchmarkModelResource.THREADS),
        "pipeline.imaging.execution.allow-spinning", Boolean.toString(BenchmarkModelResource.SPINNING),
        "pipeline.imaging.batch.max-in-flight", Integer.toString(BenchmarkModelResource.IN_FLIGHT),
        "pipeline.imaging.batch.io-threads", Integer.toString(BenchmarkModelResource.IO_THREADS),
        "pipeline.imaging.heat-map.enabled", Boolean.toString(heatMaps),
        "mp.messaging.incoming.image-preprocessed.group.id", group,
        "mp.messaging.incoming.image-preprocessed.auto.offset.reset", "latest",
        "quarkus.log.category.\"org.pd1response\".level", "WARN");
  }

  /** Heat maps on, overlays rendered in the background for every score. */
  public static class WithHeatMaps implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return common("imaging-bench-heat-maps", true);
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(BenchmarkModelResource.class));
    }
  }

  /** Heat maps on, overlays rendered only when requested, so none during the run. */
  public static class WithOnRequestOverlays implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> settings = new HashMap<>(common("imaging-bench-on-request-overlays", true));
      settings.put("pipeline.imaging.heat-map.overlay-rendering", "on-request");
      return settings;
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(BenchmarkModelResource.class));
    }
  }

  /** Heat maps off. */
  public static class WithoutHeatMaps implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return common("imaging-bench-scores-only", false);
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(BenchmarkModelResource.class));
    }
  }
}
