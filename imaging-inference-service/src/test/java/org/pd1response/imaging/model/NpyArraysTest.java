package org.pd1response.imaging.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NpyArraysTest {

  static final int[] SHAPE = {2, 3};
  static final float[] VALUES = {0f, 1.5f, -2f, 3.25f, 1e-7f, 42f};

  @Test
  void writtenArrayReadsBack() throws Exception {
    byte[] file = NpyArrays.writeFloat32(SHAPE, VALUES);

    float[] read = NpyArrays.readFloat32(file, SHAPE);

    assertArrayEquals(VALUES, read);
    assertEquals(0, (file.length - VALUES.length * Float.BYTES) % 64, "header is padded to 64 bytes");
    String header = new String(file, 10, 60, StandardCharsets.ISO_8859_1);
    assertTrue(header.contains("'shape': (2, 3,)"), header);
  }

  @Test
  void rejectsMissingMagic() {
    byte[] file = NpyArrays.writeFloat32(SHAPE, VALUES);
    file[1] = 'X';

    InvalidTensorException e = assertThrows(InvalidTensorException.class, () -> NpyArrays.readFloat32(file, SHAPE));

    assertFalse(e.wrongShape());
    assertTrue(e.getMessage().contains("magic"), e.getMessage());
  }

  @Test
  void rejectsOtherShapeAsShapeMismatch() {
    byte[] file = NpyArrays.writeFloat32(new int[] {3, 2}, VALUES);

    InvalidTensorException e = assertThrows(InvalidTensorException.class, () -> NpyArrays.readFloat32(file, SHAPE));

    assertTrue(e.wrongShape());
    assertEquals("tensor shape must be [2, 3], found [3, 2]", e.getMessage());
  }

  @Test
  void rejectsTruncatedData() {
    byte[] file = NpyArrays.writeFloat32(SHAPE, VALUES);
    byte[] truncated = Arrays.copyOf(file, file.length - 5);

    InvalidTensorException e =
        assertThrows(InvalidTensorException.class, () -> NpyArrays.readFloat32(truncated, SHAPE));

    assertFalse(e.wrongShape());
    assertTrue(e.getMessage().contains("must have 24 bytes"), e.getMessage());
  }

  @Test
  void rejectsFloat64() {
    byte[] file = NpyArrays.writeFloat32(SHAPE, VALUES);
    String text = new String(file, StandardCharsets.ISO_8859_1).replace("'<f4'", "'<f8'");
    byte[] float64 = text.getBytes(StandardCharsets.ISO_8859_1);

    InvalidTensorException e = assertThrows(InvalidTensorException.class, () -> NpyArrays.readFloat32(float64, SHAPE));

    assertTrue(e.getMessage().contains("found '<f8'"), e.getMessage());
  }

  @Test
  void rejectsNonFiniteValues() {
    float[] values = VALUES.clone();
    values[4] = Float.NaN;
    byte[] file = NpyArrays.writeFloat32(SHAPE, values);

    InvalidTensorException e = assertThrows(InvalidTensorException.class, () -> NpyArrays.readFloat32(file, SHAPE));

    assertEquals("tensor values must be finite, found NaN at index 4", e.getMessage());
  }
}
