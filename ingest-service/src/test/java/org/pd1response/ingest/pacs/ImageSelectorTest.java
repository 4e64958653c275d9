package org.pd1response.ingest.pacs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pd1response.ingest.config.IngestConfig;
import org.pd1response.runtime.RejectedEventException;

class ImageSelectorTest {

  static final String US = "1.2.840.10008.5.1.4.1.1.6.1";
  static final String US_MULTIFRAME = "1.2.840.10008.5.1.4.1.1.3.1";
  static final ObjectMapper JSON = new ObjectMapper();

  final ImageSelector selector = new ImageSelector(new Selection(), new Limits());

  @Test
  void rejectsDeclaredSizeBeyondLimits() {
    RejectedEventException e = assertThrows(RejectedEventException.class,
        () -> selector.select(List.of(image("1.1", US, 65535, 65535, 1, "ORIGINAL"))));

    assertEquals("IMAGE_TOO_LARGE", e.code());
    assertEquals("Rows must be at most 16384, found 65535; Columns must be at most 16384, found 65535", e.getMessage());
  }

  @Test
  void rejectsTooManyFrames() {
    RejectedEventException e = assertThrows(RejectedEventException.class,
        () -> selector.select(List.of(image("1.1", US_MULTIFRAME, 480, 640, 2001, "ORIGINAL"))));

    assertEquals("IMAGE_TOO_LARGE", e.code());
    assertEquals("NumberOfFrames must be at most 2000, found 2001", e.getMessage());
  }

  @Test
  void prefersOriginalThenLargerImage() {
    DicomInstance derived = image("1.1", US, 800, 800, 1, "DERIVED");
    DicomInstance small = image("1.2", US, 200, 300, 1, "ORIGINAL");
    DicomInstance large = image("1.3", US, 480, 640, 1, "ORIGINAL");

    ImageSelector.Selection selection = selector.select(List.of(derived, small, large));

    assertEquals("1.3", selection.image().sopInstanceUid());
  }

  @Test
  void choosesMiddleFrameOfCineWithoutSeg() {
    ImageSelector.Selection selection = selector.select(List.of(image("1.1", US_MULTIFRAME, 480, 640, 30, "ORIGINAL")));

    assertEquals(15, selection.frameNumber());
  }

  @Test
  void rejectsNonUltrasoundStudy() {
    DicomInstance ct = image("1.1", "1.2.840.10008.5.1.4.1.1.2", 512, 512, 1, "ORIGINAL");

    RejectedEventException e = assertThrows(RejectedEventException.class, () -> selector.select(List.of(ct)));

    assertEquals("NOT_ULTRASOUND", e.code());
  }

  private static DicomInstance image(String uid, String sopClass, int rows, int columns, int frames, String imageType) {
    String text = """
        {"00080016": {"vr": "UI", "Value": ["%s"]}, "00080018": {"vr": "UI", "Value": ["%s"]},
         "00080060": {"vr": "CS", "Value": ["%s"]}, "00080008": {"vr": "CS", "Value": ["%s", "PRIMARY"]},
         "00280010": {"vr": "US", "Value": [%d]}, "00280011": {"vr": "US", "Value": [%d]},
         "00280008": {"vr": "IS", "Value": ["%d"]}}
        """.formatted(sopClass, uid, sopClass.startsWith("1.2.840.10008.5.1.4.1.1.2") ? "CT" : "US", imageType, rows,
        columns, frames);
    try {
      JsonNode json = JSON.readTree(text);
      return new DicomInstance(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The selection defaults of {@link IngestConfig.Selection}. */
  static final class Selection implements IngestConfig.Selection {
    @Override
    public List<String> modalities() {
      return List.of("US");
    }

    @Override
    public List<String> sopClasses() {
      return List.of(US, US_MULTIFRAME, "1.2.840.10008.5.1.4.1.1.6", "1.2.840.10008.5.1.4.1.1.3",
          "1.2.840.10008.5.1.4.1.1.7");
    }
  }

  /** The limit defaults of {@link IngestConfig.Limits}. */
  static final class Limits implements IngestConfig.Limits {
    @Override
    public int maxRows() {
      return 16384;
    }

    @Override
    public int maxColumns() {
      return 16384;
    }

    @Override
    public int maxFrames() {
      return 2000;
    }
  }
}
