package org.pd1response.ingest.pacs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;
import org.pd1response.ingest.config.IngestConfig;
import org.pd1response.runtime.RejectedEventException;

/** One DICOMweb client per configured PACS, looked up by the PACS name that notifications carry. */
@ApplicationScoped
@Startup
public class PacsClients {

  private static final Logger LOG = Logger.getLogger(PacsClients.class);

  private final Map<String, DicomWebClient> clients = new TreeMap<>();
  private final IngestConfig config;

  public PacsClients(IngestConfig config, ObjectMapper json) {
    this.config = config;
    config.pacs().forEach((name, settings) -> {
      clients.put(name, new DicomWebClient(name, settings, json));
      LOG.infof("PACS %s at %s (timeout %s, %d attempts, ROI rule when no SEG: %s)", name, settings.dicomwebUrl(),
          settings.requestTimeout(), settings.maxAttempts(), settings.roiWhenMissing());
    });
  }

  /**
   * The client of a configured PACS.
   *
   * @throws RejectedEventException {@code UNKNOWN_PACS} when no PACS has that name
   */
  public DicomWebClient client(String pacsName) {
    DicomWebClient client = clients.get(pacsName);
    if (client == null) {
      throw new RejectedEventException("UNKNOWN_PACS",
          "sourcePacs must be one of the configured PACS " + clients.keySet() + ", found '" + pacsName + "'");
    }
    return client;
  }

  public IngestConfig.Pacs settings(String pacsName) {
    client(pacsName);
    return config.pacs().get(pacsName);
  }
}
