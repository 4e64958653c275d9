package org.pd1response.ensemble.streams;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import org.pd1response.ensemble.decision.CaseState;
import org.pd1response.ensemble.model.EnsembleCard;

/**
 * The ensemble's Kafka Streams topology: both score topics feed one processor that joins them by
 * case id and revision in a persistent, changelogged store and emits predictions and dead letters.
 * Both score topics are keyed by case id with the same partition count, so the scores of one case
 * reach the same task and store.
 *
 * <pre>
 * scores.imaging  --\
 *                    +--> score-join [case-states, deadlines] --> predictions
 * scores.clinical --/                                         \--> dlq.ensemble
 * </pre>
 */
public final class EnsembleTopology {

  public static final String IMAGING_SOURCE = "imaging-scores";
  public static final String CLINICAL_SOURCE = "clinical-scores";
  public static final String JOIN_PROCESSOR = "score-join";
  public static final String PREDICTIONS_SINK = "predictions";
  public static final String DEAD_LETTER_SINK = "dead-letters";

  /** Store of {@link CaseState} by case id and revision. */
  public static final String CASE_STORE = "case-states";

  /** Store of pending time-outs and expiries, keyed so that a range scan returns those due first. */
  public static final String DEADLINE_STORE = "deadlines";

  private EnsembleTopology() {}

  public static Topology build(EnsembleCard card, JoinSettings settings, TopicNames topics) {
    Topology topology = new Topology();
    topology.addSource(IMAGING_SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
        topics.imagingScores());
    topology.addSource(CLINICAL_SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
        topics.clinicalScores());
    topology.addProcessor(JOIN_PROCESSOR, () -> new ScoreJoinProcessor(card, settings, topics),
        IMAGING_SOURCE, CLINICAL_SOURCE);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CASE_STORE), Serdes.String(),
            new JsonSerde<>(CaseState.class)),
        JOIN_PROCESSOR);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DEADLINE_STORE), Serdes.String(), Serdes.String()),
        JOIN_PROCESSOR);
    topology.addSink(PREDICTIONS_SINK, topics.predictions(), Serdes.String().serializer(),
        Serdes.ByteArray().serializer(), JOIN_PROCESSOR);
    topology.addSink(DEAD_LETTER_SINK, topics.deadLetters(), Serdes.String().serializer(),
        Serdes.ByteArray().serializer(), JOIN_PROCESSOR);
    return topology;
  }
}
