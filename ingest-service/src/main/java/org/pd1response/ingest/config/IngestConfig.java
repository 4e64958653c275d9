package org.pd1response.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Settings of the ingest service: the PACS it reads, image limits and the selection rule. */
@ConfigMapping(prefix = "pipeline.ingest")
public interface IngestConfig {

  /** PACS servers by name; the name is a notification's {@code sourcePacs} and the issuer of case ids. */
  Map<String, Pacs> pacs();

  /** Limits checked on the declared image attributes before any rendering is requested. */
  Limits limits();

  /** Which instance of a study is scored. */
  Selection selection();

  /** Linking clinical records to studies. */
  Linking linking();

  /** Clinical schemas that normalise records. */
  Clinical clinical();

  /** One PACS reached over DICOMweb. */
  interface Pacs {

    /** DICOMweb root URL, such as {@code http://orthanc:8042/dicom-web}. */
    String dicomwebUrl();

    /** Orthanc REST root for polling {@code /changes}; polling is off when empty. */
    Optional<String> changesUrl();

    /** Time between two {@code /changes} polls. */
    @WithDefault("30s")
    Duration changesInterval();

    /** Connect and response timeout of one PACS request. */
    @WithDefault("10s")
    Duration requestTimeout();

    /** Attempts per PACS request, including the first; only connection failures and 502-504 are retried. */
    @WithDefault("3")
    int maxAttempts();

    /** Wait before the first retry; doubled for each further retry. */
    @WithDefault("500ms")
    Duration retryBackoff();

    /** What happens to a study without a Segmentation object for the chosen image. */
    @WithDefault("whole-image")
    MissingRoiRule roiWhenMissing();
  }

  /** Upper bounds on declared image attributes; larger declarations are rejected unread. */
  interface Limits {

    /** Largest accepted Rows (0028,0010) and, for research images, height in pixels. */
    @WithDefault("16384")
    int maxRows();

    /** Largest accepted Columns (0028,0011) and, for research images, width in pixels. */
    @WithDefault("16384")
    int maxColumns();

    /** Largest accepted NumberOfFrames (0028,0008). */
    @WithDefault("2000")
    int maxFrames();
  }

  /** The rule that picks the scored image; documented in the module README. */
  interface Selection {

    /** Accepted Modality (0008,0060) values of the scored image. */
    @WithDefault("US")
    List<String> modalities();

    /** Accepted SOP Class UIDs of the scored image: ultrasound single and multi-frame, and secondary capture. */
    @WithDefault("1.2.840.10008.5.1.4.1.1.6.1,1.2.840.10008.5.1.4.1.1.3.1,1.2.840.10008.5.1.4.1.1.6,"
        + "1.2.840.10008.5.1.4.1.1.3,1.2.840.10008.5.1.4.1.1.7")
    List<String> sopClasses();
  }

  /** How clinical records find their study when they carry no StudyInstanceUID. */
  interface Linking {

    /** Longest time a record taken by patient id may precede the study it is linked to. */
    @WithDefault("P30D")
    Duration patientWindow();
  }

  /** Which clinical schemas records may name. */
  interface Clinical {

    /** Schema of records that name none, a file name under {@code /clinical-schemas/} without {@code .json}. */
    @WithDefault("hcc-pd1-baseline")
    String defaultSchema();

    /** Schemas that records may name. */
    @WithDefault("hcc-pd1-baseline,uci-hcc")
    List<String> schemas();
  }

  /** Rule for a study whose chosen image no Segmentation object references. */
  enum MissingRoiRule {
    /** Dead-letter the study with {@code NO_ROI}. */
    REJECT,
    /** Score the whole image and record the ROI source as {@code NONE}. */
    WHOLE_IMAGE
  }
}
