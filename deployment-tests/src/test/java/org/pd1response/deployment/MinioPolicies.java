package org.pd1response.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the MinIO setup script grants: each policy's S3 resources (from its JSON document) and the
 * users it is attached to (the environment variables holding their access keys).
 */
final class MinioPolicies {

  private static final Pattern CREATE = Pattern.compile("mc admin policy create \\S+ (\\S+) \\S*/([^/\\s]+\\.json)");
  private static final Pattern ATTACH = Pattern.compile("^attach (\\S+) \"\\$(\\w+)\"$", Pattern.MULTILINE);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Set<String>> resources = new HashMap<>();
  private final Map<String, Set<String>> users = new HashMap<>();

  /** Parses the minio-policies ConfigMap data: setup.sh and the policy documents it names. */
  static MinioPolicies parse(Map<String, String> files) {
    MinioPolicies policies = new MinioPolicies();
    String script = files.get("setup.sh");
    Matcher create = CREATE.matcher(script);
    while (create.find()) {
      String document = files.get(create.group(2));
      if (document == null) {
        throw new AssertionError("setup.sh creates policy " + create.group(1) + " from " + create.group(2)
            + ", which the ConfigMap does not contain");
      }
      policies.resources.put(create.group(1), resourcesOf(document));
    }
    Matcher attach = ATTACH.matcher(script);
    while (attach.find()) {
      policies.users.computeIfAbsent(attach.group(1), p -> new HashSet<>()).add(attach.group(2));
    }
    return policies;
  }

  Set<String> resources(String policy) {
    return resources.getOrDefault(policy, Set.of());
  }

  Set<String> usersOf(String policy) {
    return users.getOrDefault(policy, Set.of());
  }

  private static Set<String> resourcesOf(String document) {
    try {
      Set<String> result = new HashSet<>();
      for (JsonNode statement : JSON.readTree(document).path("Statement")) {
        statement.path("Resource").forEach(resource -> result.add(resource.asText()));
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException("parsing a MinIO policy document failed", e);
    }
  }
}
