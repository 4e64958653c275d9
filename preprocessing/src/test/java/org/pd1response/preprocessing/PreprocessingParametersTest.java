package org.pd1response.preprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PreprocessingParametersTest {

  private static final String DEFAULTS_JSON = "{\"bitDepthConversion\":\"SCALE\",\"channelOrder\":\"RGB\","
      + "\"colourMode\":\"KEEP\",\"cropMargin\":0.1,\"cropSize\":224,\"dimFactor\":0.3,\"formatVersion\":1,"
      + "\"gaussianKernel\":5,\"gaussianSigma\":1.0,\"interpolation\":\"AREA\",\"mean\":[0.485,0.456,0.406],"
      + "\"medianKernel\":5,\"overlayMode\":\"BLANK\",\"resizeSize\":256,\"roiRequired\":true,"
      + "\"std\":[0.229,0.224,0.225]}";
  private static final String DEFAULTS_SHA256 = "6c025aebd88278b6358754c89291b2a5c2493b080a32167f85f5d89077cd95ed";

  @Test
  void canonicalJsonSortsKeysWithoutWhitespace() {
    // when
    String json = new String(PreprocessingParameters.defaults().canonicalJson(), StandardCharsets.UTF_8);

    // then
    assertEquals(DEFAULTS_JSON, json);
  }

  @Test
  void hashOfDefaultsIsStable() {
    // a changed hash means that models trained with the old defaults no longer match new tensors
    assertEquals(DEFAULTS_SHA256, PreprocessingParameters.defaults().sha256());
  }

  @Test
  void roundTripsThroughJson() {
    // given
    PreprocessingParameters original = PreprocessingParameters.defaults().withOverlayMode(OverlayMode.CROP);

    // when
    PreprocessingParameters read = PreprocessingParameters.fromJson(original.canonicalJson());

    // then
    assertEquals(original, read);
    assertEquals(original.sha256(), read.sha256());
  }

  @Test
  void rejectsEvenKernel() throws Exception {
    // given
    ObjectNode json = defaultsJson();
    json.put("medianKernel", 4);

    // when
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> PreprocessingParameters.fromJson(json));

    // then
    assertEquals("preprocessing medianKernel must be an odd number of pixels from 1 to 15, found 4", error.getMessage());
  }

  @Test
  void rejectsUnknownField() throws Exception {
    // given
    ObjectNode json = defaultsJson();
    json.put("sharpen", true);

    // when
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> PreprocessingParameters.fromJson(json));

    // then
    assertTrue(error.getMessage().contains("sharpen"), error.getMessage());
  }

  @Test
  void rejectsMissingField() throws Exception {
    // given
    ObjectNode json = defaultsJson();
    json.remove("gaussianSigma");

    // when
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> PreprocessingParameters.fromJson(json));

    // then
    assertTrue(error.getMessage().contains("gaussianSigma"), error.getMessage());
  }

  @Test
  void rejectsUnknownOverlayMode() throws Exception {
    // given
    ObjectNode json = defaultsJson();
    json.put("overlayMode", "OUTLINE");

    // when
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> PreprocessingParameters.fromJson(json));

    // then
    assertTrue(error.getMessage().contains("OUTLINE"), error.getMessage());
    assertTrue(error.getMessage().contains("DIM"), "lists the valid modes: " + error.getMessage());
  }

  @Test
  void rejectsCropLargerThanResize() throws Exception {
    // given
    ObjectNode json = defaultsJson();
    json.put("cropSize", 300);

    // when
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> PreprocessingParameters.fromJson(json));

    // then
    assertTrue(error.getMessage().contains("found cropSize 300 and resizeSize 256"), error.getMessage());
  }

  private static ObjectNode defaultsJson() throws Exception {
    return (ObjectNode) new ObjectMapper().readTree(PreprocessingParameters.defaults().canonicalJson());
  }
}
