package org.pd1response.testsupport;

/** Embedded KRaft broker and s3proxy in this JVM, both on loopback. */
final class EmbeddedInfrastructure implements Infrastructure {

  private final EmbeddedKafka kafka;
  private final EmbeddedS3 s3;

  private EmbeddedInfrastructure(EmbeddedKafka kafka, EmbeddedS3 s3) {
    this.kafka = kafka;
    this.s3 = s3;
  }

  static EmbeddedInfrastructure start() {
    EmbeddedKafka kafka = EmbeddedKafka.start();
    return new EmbeddedInfrastructure(kafka, EmbeddedS3.startInMemory());
  }

  @Override
  public String kafkaBootstrapServers() {
    return kafka.bootstrapServers();
  }

  @Override
  public String s3Endpoint() {
    return s3.endpoint();
  }

  @Override
  public String s3AccessKey() {
    return EmbeddedS3.ACCESS_KEY;
  }

  @Override
  public String s3SecretKey() {
    return EmbeddedS3.SECRET_KEY;
  }

  @Override
  public String description() {
    return "embedded KRaft broker and s3proxy (no Docker engine found)";
  }

  @Override
  public void close() throws Exception {
    try {
      s3.close();
    } finally {
      kafka.close();
    }
  }
}
