package org.pd1response.ingest.pacs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Read access to one instance's WADO-RS metadata (DICOM JSON, PS3.18 F.2). Tags are the 8-digit
 * upper-case hex keys of DICOM JSON; values of IS and DS may arrive as numbers or as text.
 */
public record DicomInstance(JsonNode json) {

  public static final String SEGMENTATION_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.66.4";

  static final String SOP_CLASS_UID = "00080016";
  static final String SOP_INSTANCE_UID = "00080018";
  static final String STUDY_DATE = "00080020";
  static final String STUDY_TIME = "00080030";
  static final String ACCESSION_NUMBER = "00080050";
  static final String MODALITY = "00080060";
  static final String IMAGE_TYPE = "00080008";
  static final String MANUFACTURER = "00080070";
  static final String MODEL_NAME = "00081090";
  static final String PATIENT_ID = "00100020";
  static final String SERIES_INSTANCE_UID = "0020000E";
  static final String SERIES_NUMBER = "00200011";
  static final String INSTANCE_NUMBER = "00200013";
  static final String TRANSFER_SYNTAX_UID = "00020010";
  static final String SAMPLES_PER_PIXEL = "00280002";
  static final String PHOTOMETRIC_INTERPRETATION = "00280004";
  static final String NUMBER_OF_FRAMES = "00280008";
  static final String ROWS = "00280010";
  static final String COLUMNS = "00280011";
  static final String BITS_ALLOCATED = "00280100";
  static final String BITS_STORED = "00280101";
  static final String REPRESENTATIVE_FRAME_NUMBER = "00286010";
  static final String PIXEL_DATA = "7FE00010";
  static final String SEGMENTATION_TYPE = "00620001";
  static final String MAXIMUM_FRACTIONAL_VALUE = "0062000E";
  static final String PER_FRAME_FUNCTIONAL_GROUPS = "52009230";
  static final String SHARED_FUNCTIONAL_GROUPS = "52009229";
  static final String DERIVATION_IMAGE = "00089124";
  static final String SOURCE_IMAGE = "00082112";
  static final String REFERENCED_SOP_INSTANCE_UID = "00081155";
  static final String REFERENCED_FRAME_NUMBER = "00081160";
  static final String REFERENCED_SERIES = "00081115";
  static final String REFERENCED_INSTANCE = "0008114A";

  public String sopClassUid() {
    return text(SOP_CLASS_UID).orElse(null);
  }

  public String sopInstanceUid() {
    return text(SOP_INSTANCE_UID).orElse(null);
  }

  public String seriesInstanceUid() {
    return text(SERIES_INSTANCE_UID).orElse(null);
  }

  public String modality() {
    return text(MODALITY).orElse(null);
  }

  public boolean isSegmentation() {
    return SEGMENTATION_SOP_CLASS.equals(sopClassUid());
  }

  /**
   * Returns whether the instance is an image: it has Pixel Data, or Rows and Columns. Orthanc's WADO-RS
   * metadata omits the Pixel Data element of encapsulated (compressed) instances.
   */
  public boolean hasPixelData() {
    return json.has(PIXEL_DATA) || json.has(ROWS) && json.has(COLUMNS);
  }

  /** NumberOfFrames, 1 when absent. */
  public int frames() {
    return integer(NUMBER_OF_FRAMES).orElse(1);
  }

  /** First value of a text attribute. */
  public Optional<String> text(String tag) {
    JsonNode values = json.path(tag).path("Value");
    if (!values.isArray() || values.isEmpty() || values.get(0).isNull()) {
      return Optional.empty();
    }
    JsonNode first = values.get(0);
    if (first.isObject()) {
      return Optional.ofNullable(first.path("Alphabetic").asText(null));
    }
    String value = first.asText().strip();
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  /** Returns every value of a multi-valued text attribute such as ImageType. */
  public List<String> texts(String tag) {
    List<String> result = new ArrayList<>();
    for (JsonNode value : json.path(tag).path("Value")) {
      result.add(value.asText().strip());
    }
    return result;
  }

  /**
   * First value of an integer attribute.
   *
   * @throws IllegalArgumentException when the value is present but not an integer
   */
  public Optional<Integer> integer(String tag) {
    JsonNode values = json.path(tag).path("Value");
    if (!values.isArray() || values.isEmpty() || values.get(0).isNull()) {
      return Optional.empty();
    }
    JsonNode first = values.get(0);
    if (first.isIntegralNumber()) {
      return Optional.of(first.asInt());
    }
    String text = first.asText().strip();
    try {
      return Optional.of(Integer.parseInt(text));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("attribute (" + tag.substring(0, 4) + "," + tag.substring(4)
          + ") must be an integer, found '" + text + "'", e);
    }
  }

  /** Items of a sequence attribute. */
  public List<DicomInstance> sequence(String tag) {
    List<DicomInstance> items = new ArrayList<>();
    for (JsonNode item : json.path(tag).path("Value")) {
      items.add(new DicomInstance(item));
    }
    return items;
  }

  /** BulkDataURI of an attribute, such as the pixel data. */
  public Optional<String> bulkDataUri(String tag) {
    return Optional.ofNullable(json.path(tag).path("BulkDataURI").asText(null));
  }
}
