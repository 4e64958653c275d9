package org.pd1response.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pd1response.contracts.events.Prediction;

/**
 * The demo: start the local stack, publish the demo models, submit generated cases through the
 * research REST API, print each final prediction as it arrives, copy the heat-map overlays, stop.
 */
final class DemoRun {

  /**
   * What the demo produced.
   *
   * @param predictions latest prediction per case id
   * @param missing case ids without a prediction when the wait ended
   * @param overlays heat-map overlays written
   */
  record Result(Map<String, Prediction> predictions, Set<String> missing, int overlays) {}

  private DemoRun() {}

  static Result run(StackLayout layout, int caseCount, Path overlayFolder) throws Exception {
    try (LocalStack stack = new LocalStack(layout)) {
      System.out.println("Starting Kafka and S3 on 127.0.0.1 ...");
      stack.startInfrastructure();
      for (var model : DemoModels.publish(layout.root().resolve("demo/models"), layout)) {
        System.out.printf("  model %s %s (%s) published%n", model.modelName(), model.version(), model.kind());
      }
      System.out.println("Starting the services ...");
      stack.startServices();

      Path cohort = Files.createDirectories(layout.state().resolve("demo-cases"));
      List<DemoCohort.DemoCase> cases = DemoCohort.generate(cohort, caseCount, PipelineCommand.DEMO_SEED);
      IngestClient ingest = new IngestClient(layout.service("ingest-service").base());
      Set<String> caseIds = new LinkedHashSet<>();
      System.out.printf("Submitting %d demo cases ...%n", cases.size());
      for (DemoCohort.DemoCase demoCase : cases) {
        String caseId = ingest.submitResearchCase("demo", demoCase.id(), demoCase.image(), demoCase.mask(),
            DemoCohort.CLINICAL_COLUMNS, demoCase.clinicalValues());
        caseIds.add(caseId);
        System.out.printf("  %s -> case %s%n", demoCase.id(), caseId);
      }

      System.out.println("Predictions:");
      Map<String, Prediction> predictions = PredictionWatcher.await(layout.kafkaBootstrap(), caseIds,
          PipelineCommand.PREDICTION_TIMEOUT, (prediction, clinical) -> System.out.println("  " + PredictionWatcher.describe(prediction, clinical)));
      Files.createDirectories(overlayFolder);
      int overlays = HeatMaps.download(layout, predictions.values(), overlayFolder);
      System.out.printf("Wrote %d heat-map overlays to %s%n", overlays, overlayFolder);
      Set<String> missing = new LinkedHashSet<>(caseIds);
      missing.removeAll(predictions.keySet());
      System.out.println("Stopping the local stack ...");
      return new Result(predictions, missing, overlays);
    }
  }
}
