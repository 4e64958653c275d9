package org.pd1response.evaluation.report;

import java.nio.file.Path;

/**
 * One Grad-CAM overlay chosen for the report's gallery.
 *
 * @param outcome TP, FP, TN or FN of the gallery model at its threshold
 */
public record GalleryItem(String caseId, String cohort, int label, double probability, String outcome, Path overlay) {}
