package org.pd1response.evaluation.report;

import java.time.Instant;
import java.util.List;
import org.pd1response.evaluation.baseline.BaselineTable;
import org.pd1response.evaluation.metrics.GroupPerformance;

/**
 * Everything one report shows.
 *
 * @param source what was evaluated, such as the predictions file name
 * @param baseline null when no baseline file was given
 * @param galleryModel model whose outcomes label the gallery; null without a gallery
 */
public record EvaluationReport(
    String title, String source, Instant createdAt, double confidenceLevel, List<GroupPerformance> groups,
    BaselineTable baseline, String galleryModel, List<GalleryItem> gallery) {

  public EvaluationReport {
    groups = List.copyOf(groups);
    gallery = List.copyOf(gallery);
  }
}
