package org.pd1response.imaging.model;

import org.pd1response.imaging.config.ExecutionProvider;

/**
 * The execution provider a session ended up with.
 *
 * @param provider {@code CUDA} or {@code CPU}
 * @param fallback whether CUDA was tried and failed, so the session runs on the CPU instead
 * @param reason why this provider was chosen, for the start-up log
 */
public record ProviderSelection(ExecutionProvider requested, String provider, boolean fallback, String reason) {}
