package org.pd1response.testsupport;

import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Testcontainers Kafka (apache/kafka, KRaft) and MinIO, used where a Docker engine exists.
 *
 * <p>NOTE: machines without a Docker engine (the project's CI among them) never run this class;
 * the embedded infrastructure serves them.
 */
final class ContainerInfrastructure implements Infrastructure {

  private static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
  private static final String MINIO_IMAGE = "minio/minio:RELEASE.2025-09-07T16-13-09Z";

  private final KafkaContainer kafka;
  private final MinIOContainer minio;

  private ContainerInfrastructure(KafkaContainer kafka, MinIOContainer minio) {
    this.kafka = kafka;
    this.minio = minio;
  }

  static ContainerInfrastructure start() {
    KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE);
    MinIOContainer minio = new MinIOContainer(MINIO_IMAGE);
    kafka.start();
    minio.start();
    return new ContainerInfrastructure(kafka, minio);
  }

  @Override
  public String kafkaBootstrapServers() {
    return kafka.getBootstrapServers();
  }

  @Override
  public String s3Endpoint() {
    return minio.getS3URL();
  }

  @Override
  public String s3AccessKey() {
    return minio.getUserName();
  }

  @Override
  public String s3SecretKey() {
    return minio.getPassword();
  }

  @Override
  public String description() {
    return "Testcontainers Kafka and MinIO (Docker engine found)";
  }

  @Override
  public void close() {
    minio.stop();
    kafka.stop();
  }
}
