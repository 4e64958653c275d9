package org.pd1response.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void topicNamesAreUnique() {
    Set<String> names = new HashSet<>();
    Topics.all().forEach(spec -> assertTrue(names.add(spec.name()), "duplicate topic " + spec.name()));
  }

  @Test
  void everyConsumingStageHasCataloguedDeadLetterTopic() {
    Set<String> names = new HashSet<>();
    Topics.all().forEach(spec -> names.add(spec.name()));

    for (Stage stage : Stage.values()) {
      if (stage != Stage.MODEL_REGISTRY) {
        assertTrue(names.contains(Topics.deadLetterTopic(stage)), "no dead-letter topic for " + stage);
      }
    }
  }

  @Test
  void modelTopicIsCompacted() {
    TopicSpec models = Topics.all().stream().filter(spec -> spec.name().equals(Topics.MODELS_PUBLISHED)).findFirst().orElseThrow();

    assertEquals("compact", models.kafkaConfig().get("cleanup.policy"));
  }
}
