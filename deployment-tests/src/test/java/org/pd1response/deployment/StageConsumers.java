package org.pd1response.deployment;

import java.util.List;
import org.pd1response.contracts.Topics;

/**
 * The Kafka consumers that KEDA scales: each stage Deployment with the consumer group and input
 * topics it reads. {@link ServiceConfigurationTest} checks this table against the services'
 * application.properties.
 */
final class StageConsumers {

  record StageConsumer(String deployment, String group, List<String> topics) {}

  static final List<StageConsumer> ALL = List.of(
      new StageConsumer("ingest-service", "ingest-service", List.of(Topics.STUDY_NOTIFICATIONS, Topics.EMR_CLINICAL_RECORDS)),
      new StageConsumer("preprocess-service", "preprocess", List.of(Topics.IMAGE_INGESTED)),
      new StageConsumer("imaging-inference-service", "imaging-inference", List.of(Topics.IMAGE_PREPROCESSED)),
      new StageConsumer("clinical-inference-service", "clinical-inference", List.of(Topics.CLINICAL_RECORD_INGESTED)),
      // A Kafka Streams application's consumer group is its application.id.
      new StageConsumer("ensemble-service", "ensemble-service", List.of(Topics.IMAGING_SCORES, Topics.CLINICAL_SCORES)));

  static final List<String> DEPLOYMENTS = ALL.stream().map(StageConsumer::deployment).toList();

  private StageConsumers() {}
}
