package org.pd1response.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IdsTest {

  private static final String KEY = "test-key-of-at-least-thirty-two-bytes!";
  private static final String OTHER_KEY = "another-key-of-at-least-thirty-two-bytes";
  private static final String STUDY_UID = "1.2.840.113619.2.55.3.604688119";

  @Test
  void caseIdIsStableForSameStudy() {
    CaseIds ids = CaseIds.withKey(KEY);

    assertEquals(ids.forStudy("orthanc-main", STUDY_UID), ids.forStudy("orthanc-main", STUDY_UID));
    assertTrue(CaseIds.isCaseId(ids.forStudy("orthanc-main", STUDY_UID)));
  }

  @Test
  void caseIdMatchesIndependentHmac() throws Exception {
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(KEY.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
    java.io.ByteArrayOutputStream message = new java.io.ByteArrayOutputStream();
    for (String part : new String[] {"research", "busi", "benign (1)"}) {
      byte[] bytes = part.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      message.write(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
      message.write(bytes);
    }
    String expected = "c" + java.util.HexFormat.of().formatHex(mac.doFinal(message.toByteArray())).substring(0, 32);

    assertEquals(expected, CaseIds.withKey(KEY).forResearchImage("busi", "benign (1)"));
  }

  @Test
  void caseIdDependsOnKeyAndSource() {
    String id = CaseIds.withKey(KEY).forStudy("orthanc-main", STUDY_UID);

    assertNotEquals(id, CaseIds.withKey(OTHER_KEY).forStudy("orthanc-main", STUDY_UID));
    assertNotEquals(id, CaseIds.withKey(KEY).forStudy("orthanc-other", STUDY_UID));
    assertNotEquals(id, CaseIds.withKey(KEY).forResearchImage("orthanc-main", STUDY_UID));
  }

  @Test
  void shortKeyIsRejected() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> CaseIds.withKey("short"));

    assertTrue(error.getMessage().contains("at least 32 bytes, found 5"), error.getMessage());
  }

  @Test
  void blankStudyUidIsRejected() {
    CaseIds ids = CaseIds.withKey(KEY);

    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> ids.forStudy("pacs", " "));

    assertTrue(error.getMessage().startsWith("studyInstanceUid"), error.getMessage());
  }

  @Test
  void eventIdIsDeterministicPerStageAndModel() {
    String caseId = "c0123456789abcdef0123456789abcdef";

    assertEquals(EventIds.of(caseId, 2, Stage.IMAGING_INFERENCE, "cnn-1.0"),
        EventIds.of(caseId, 2, Stage.IMAGING_INFERENCE, "cnn-1.0"));
    assertNotEquals(EventIds.of(caseId, 2, Stage.IMAGING_INFERENCE, "cnn-1.0"),
        EventIds.of(caseId, 2, Stage.IMAGING_INFERENCE, "cnn-1.1"));
    assertNotEquals(EventIds.of(caseId, 2, Stage.IMAGING_INFERENCE, "cnn-1.0"),
        EventIds.of(caseId, 3, Stage.IMAGING_INFERENCE, "cnn-1.0"));
  }
}
