package org.pd1response.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The deployment against the services themselves: consumer groups and topics from each service's
 * application.properties, and image names from the root pom's container-images profile.
 */
class ServiceConfigurationTest {

  private static final Pattern INCOMING_TOPIC = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.topic");

  @ParameterizedTest
  @ValueSource(strings = {"ingest-service", "preprocess-service", "imaging-inference-service",
      "clinical-inference-service", "ensemble-service"})
  void scaledConsumerMatchesServiceConfiguration(String module) throws IOException {
    // Given
    Path file = Repository.root().resolve(module).resolve("src/main/resources/application.properties");
    assumeTrue(Files.isRegularFile(file), module + " has no application.properties yet; its consumer group is not verified");
    Properties properties = load(file);
    StageConsumers.StageConsumer consumer = StageConsumers.ALL.stream()
        .filter(c -> c.deployment().equals(module)).findFirst().orElseThrow();

    // When
    Set<String> topics = new HashSet<>();
    Set<String> groups = new HashSet<>();
    String applicationId = properties.getProperty("quarkus.kafka-streams.application-id");
    if (applicationId != null) {
      groups.add(applicationId);
      topics.addAll(Set.of(properties.getProperty("quarkus.kafka-streams.topics", "").split(",")));
    } else {
      for (String key : properties.stringPropertyNames()) {
        Matcher matcher = INCOMING_TOPIC.matcher(key);
        String group = matcher.matches()
            ? properties.getProperty("mp.messaging.incoming." + matcher.group(1) + ".group.id") : null;
        // A group id with a per-instance placeholder marks a broadcast consumer (model updates), which is not scaled.
        if (group != null && !group.contains("${")) {
          groups.add(group);
          topics.add(properties.getProperty(key));
        }
      }
    }

    // Then
    assertEquals(Set.of(consumer.group()), groups, module + " consumer group");
    if (applicationId != null) {
      assertTrue(topics.containsAll(consumer.topics()), module + " Kafka Streams topics " + topics);
    } else {
      assertEquals(Set.copyOf(consumer.topics()), topics, module + " scaled input topics");
    }
  }

  @Test
  void manifestImagesMatchTheContainerImageProfile() throws Exception {
    Map<String, String> profile = containerImageProfile();
    assertEquals("true", profile.get("quarkus.container-image.build"));
    String group = profile.get("quarkus.container-image.group");
    String tag = profile.get("quarkus.container-image.tag").replace("${project.version}", projectVersion());
    RenderedManifests base = KubernetesManifestsTest.rendered("base");
    RenderedManifests development = KubernetesManifestsTest.rendered("overlays/development");
    for (String module : StageConsumers.DEPLOYMENTS) {
      String expected = group + "/" + imageName(module) + ":" + tag;
      String gpuSuffix = module.equals("imaging-inference-service") ? "-gpu" : "";
      assertEquals(expected + gpuSuffix, image(base, module), module + " image in the base");
      assertEquals(expected, image(development, module), module + " image in the development overlay");
    }
  }

  /** Returns the image name Quarkus uses: quarkus.application.name when set, else the artifactId. */
  private static String imageName(String module) throws Exception {
    Path properties = Repository.root().resolve(module).resolve("src/main/resources/application.properties");
    if (Files.isRegularFile(properties)) {
      String name = load(properties).getProperty("quarkus.application.name");
      if (name != null) {
        return name;
      }
    }
    return childText(pom(Repository.root().resolve(module).resolve("pom.xml")).getDocumentElement(), "artifactId");
  }

  private static String image(RenderedManifests manifests, String deployment) {
    return manifests.get(Deployment.class, deployment).getSpec().getTemplate().getSpec().getContainers().get(0)
        .getImage();
  }

  private static Map<String, String> containerImageProfile() throws Exception {
    NodeList profiles = pom(Repository.root().resolve("pom.xml")).getElementsByTagName("profile");
    for (int i = 0; i < profiles.getLength(); i++) {
      Element profile = (Element) profiles.item(i);
      if ("container-images".equals(childText(profile, "id"))) {
        Map<String, String> values = new HashMap<>();
        NodeList properties = ((Element) profile.getElementsByTagName("properties").item(0)).getChildNodes();
        for (int j = 0; j < properties.getLength(); j++) {
          if (properties.item(j) instanceof Element property) {
            values.put(property.getTagName(), property.getTextContent().trim());
          }
        }
        return values;
      }
    }
    throw new AssertionError("expected a container-images profile in the root pom.xml, found none");
  }

  private static String projectVersion() throws Exception {
    String version = childText(pom(Repository.root().resolve("pom.xml")).getDocumentElement(), "version");
    assertNotNull(version, "root pom version");
    return version;
  }

  private static String childText(Element parent, String tag) {
    NodeList children = parent.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element child && child.getTagName().equals(tag)) {
        return child.getTextContent().trim();
      }
    }
    return null;
  }

  private static Document pom(Path file) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }

  private static Properties load(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    }
    return properties;
  }
}
