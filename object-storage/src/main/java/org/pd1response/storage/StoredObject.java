package org.pd1response.storage;

/**
 * An object's bytes with the metadata stored next to them.
 *
 * @param sha256 SHA-256 (hex) recorded in the object's metadata at upload
 */
public record StoredObject(String key, byte[] content, String contentType, String sha256) {}
