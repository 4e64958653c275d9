package org.pd1response.ingest;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.pd1response.testsupport.OrthancServer;

/**
 * Points the service at the test Orthanc under three PACS names: {@code orthanc} scores images
 * without a SEG as whole images, {@code orthanc-strict} rejects them, and {@code offline} points
 * at a closed loopback port to exercise the unreachable-PACS path.
 */
public class OrthancTestResource implements QuarkusTestResourceLifecycleManager {

  static final String PACS = "orthanc";
  static final String STRICT_PACS = "orthanc-strict";
  static final String OFFLINE_PACS = "offline";

  @Override
  public Map<String, String> start() {
    OrthancServer orthanc = OrthancServer.get();
    return Map.of(
        "pipeline.ingest.pacs." + PACS + ".dicomweb-url", orthanc.dicomWebUrl(),
        "pipeline.ingest.pacs." + STRICT_PACS + ".dicomweb-url", orthanc.dicomWebUrl(),
        "pipeline.ingest.pacs." + STRICT_PACS + ".roi-when-missing", "reject",
        "pipeline.ingest.pacs." + OFFLINE_PACS + ".dicomweb-url", "http://127.0.0.1:9/dicom-web",
        "pipeline.ingest.pacs." + OFFLINE_PACS + ".max-attempts", "2",
        "pipeline.ingest.pacs." + OFFLINE_PACS + ".retry-backoff", "50ms");
  }

  @Override
  public void stop() {
    OrthancServer.stopShared();
  }
}
