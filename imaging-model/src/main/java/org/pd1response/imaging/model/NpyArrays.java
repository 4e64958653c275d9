package org.pd1response.imaging.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes float32 arrays in the NumPy {@code .npy} format, versions 1.0 to 3.0: the magic
 * string {@code \x93NUMPY}, a little-endian header length, a Python dict literal with
 * {@code descr}, {@code fortran_order} and {@code shape}, then the raw data. Only little-endian
 * float32 ({@code <f4}) in C order is accepted, which is what the preprocessing writes.
 */
public final class NpyArrays {

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
  private static final int ALIGNMENT = 64;

  private NpyArrays() {}

  /**
   * Parses a {@code .npy} file and checks its shape.
   *
   * @param expectedShape the shape the caller needs, such as [3, 224, 224]
   * @return the values in C order
   * @throws InvalidTensorException when the bytes are not a float32 array or have another shape
   */
  public static float[] readFloat32(byte[] bytes, int[] expectedShape) throws InvalidTensorException {
    if (bytes.length < MAGIC.length + 4 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
      throw InvalidTensorException.corrupted("tensor must start with the .npy magic string \\x93NUMPY, found "
          + bytes.length + " bytes without it");
    }
    int major = bytes[6] & 0xff;
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int headerLength;
    int headerStart;
    if (major == 1) {
      headerLength = buffer.getShort(8) & 0xffff;
      headerStart = 10;
    } else if (major == 2 || major == 3) {
      headerLength = buffer.getInt(8);
      headerStart = 12;
    } else {
      throw InvalidTensorException.corrupted(".npy format version must be 1, 2 or 3, found " + major);
    }
    if (headerLength < 0 || headerStart + headerLength > bytes.length) {
      throw InvalidTensorException.corrupted(".npy header length " + headerLength + " exceeds the file size "
          + bytes.length);
    }
    String header = new String(bytes, headerStart, headerLength, StandardCharsets.ISO_8859_1);
    String descr = group(DESCR, header, "descr");
    if (!"<f4".equals(descr)) {
      throw InvalidTensorException.corrupted(".npy descr must be '<f4' (little-endian float32), found '" + descr + "'");
    }
    if (!"False".equals(group(FORTRAN, header, "fortran_order"))) {
      throw InvalidTensorException.corrupted(".npy fortran_order must be False (C order), found True");
    }
    int[] shape = parseShape(group(SHAPE, header, "shape"));
    if (!Arrays.equals(shape, expectedShape)) {
      throw InvalidTensorException.wrongShape("tensor shape must be " + Arrays.toString(expectedShape)
          + ", found " + Arrays.toString(shape));
    }
    long count = 1;
    for (int dimension : shape) {
      count *= dimension;
    }
    int dataStart = headerStart + headerLength;
    long dataBytes = (long) bytes.length - dataStart;
    if (dataBytes != count * Float.BYTES) {
      throw InvalidTensorException.corrupted("tensor data must have " + count * Float.BYTES + " bytes for shape "
          + Arrays.toString(shape) + ", found " + dataBytes);
    }
    float[] values = new float[(int) count];
    buffer.position(dataStart);
    buffer.asFloatBuffer().get(values);
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw InvalidTensorException.corrupted("tensor values must be finite, found " + values[i] + " at index " + i);
      }
    }
    return values;
  }

  /** Writes a float32 array in C order as a version 1.0 {@code .npy} file. */
  public static byte[] writeFloat32(int[] shape, float[] values) {
    StringBuilder dims = new StringBuilder();
    for (int dimension : shape) {
      dims.append(dimension).append(", ");
    }
    if (shape.length > 1) {
      dims.setLength(dims.length() - 1);
    }
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims.toString().strip() + "), }";
    int unpadded = MAGIC.length + 4 + dict.length() + 1;
    int padding = (ALIGNMENT - unpadded % ALIGNMENT) % ALIGNMENT;
    String header = dict + " ".repeat(padding) + "\n";
    ByteBuffer buffer = ByteBuffer.allocate(MAGIC.length + 4 + header.length() + values.length * Float.BYTES)
        .order(ByteOrder.LITTLE_ENDIAN);
    buffer.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
    buffer.put(header.getBytes(StandardCharsets.ISO_8859_1));
    buffer.asFloatBuffer().put(values);
    return buffer.array();
  }

  private static String group(Pattern pattern, String header, String field) throws InvalidTensorException {
    Matcher matcher = pattern.matcher(header);
    if (!matcher.find()) {
      throw InvalidTensorException.corrupted(".npy header must contain '" + field + "', found " + header.strip());
    }
    return matcher.group(1);
  }

  private static int[] parseShape(String text) throws InvalidTensorException {
    String[] parts = text.split(",");
    int count = 0;
    int[] shape = new int[parts.length];
    for (String part : parts) {
      if (part.isBlank()) {
        continue;
      }
      try {
        shape[count++] = Integer.parseInt(part.strip());
      } catch (NumberFormatException e) {
        throw InvalidTensorException.corrupted(".npy shape must list integers, found (" + text + ")");
      }
    }
    return Arrays.copyOf(shape, count);
  }
}
