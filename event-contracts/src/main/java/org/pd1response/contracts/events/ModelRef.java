package org.pd1response.contracts.events;

/** The exact model that produced a score: registry name, version and SHA-256 of the model file. */
public record ModelRef(String name, String version, String sha256) {}
