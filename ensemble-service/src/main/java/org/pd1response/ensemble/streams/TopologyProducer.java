package org.pd1response.ensemble.streams;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.streams.Topology;
import org.jboss.logging.Logger;
import org.pd1response.contracts.events.Prediction.MissingModalityPolicy;
import org.pd1response.ensemble.config.EnsembleConfig;
import org.pd1response.ensemble.model.EnsembleCardHolder;

/** Builds the topology that Quarkus' Kafka Streams extension runs, after the ensemble card is loaded. */
@ApplicationScoped
public class TopologyProducer {

  private static final Logger LOG = Logger.getLogger(TopologyProducer.class);

  @Produces
  Topology topology(EnsembleCardHolder cards, EnsembleConfig config) {
    JoinSettings settings = new JoinSettings(
        new MissingModalityPolicy(config.missingModality().onTimeout(), config.missingModality().waitTime().toMillis()),
        config.punctuationInterval(), config.stateRetention());
    Topology topology = EnsembleTopology.build(cards.card(), settings, TopicNames.CATALOGUE);
    LOG.infof("Ensemble topology: %s and %s to %s, dead letters to %s; on a missing modality wait %d ms, then %s",
        TopicNames.CATALOGUE.imagingScores(), TopicNames.CATALOGUE.clinicalScores(),
        TopicNames.CATALOGUE.predictions(), TopicNames.CATALOGUE.deadLetters(), settings.policy().waitMillis(),
        settings.policy().onTimeout());
    return topology;
  }
}
