package org.pd1response.preprocessing.tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes and reads NumPy {@code .npy} files (format version 1.0) holding little-endian float32 or
 * float64 arrays in C order. Headers are padded to a multiple of 64 bytes with a final newline, as
 * {@code numpy.save} pads them, so {@code numpy.load} reads the files unchanged.
 */
public final class NpyFormat {

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int PREAMBLE_BYTES = 10;
  private static final int ALIGNMENT = 64;
  private static final Pattern HEADER = Pattern.compile(
      "\\{'descr': '([<>|]?[a-z]\\d+)', 'fortran_order': (True|False), 'shape': \\(([0-9, ]*)\\), }\\s*");

  private NpyFormat() {}

  /** An array read from a {@code .npy} file, widened to double. */
  public record NpyArray(List<Integer> shape, double[] values) {}

  /** Encodes a float32 array of the given shape. */
  public static byte[] writeFloat32(float[] values, List<Integer> shape) {
    long count = shape.stream().mapToLong(Integer::longValue).reduce(1, (a, b) -> a * b);
    if (count != values.length) {
      throw new IllegalArgumentException(
          "shape " + shape + " needs " + count + " values, found " + values.length);
    }
    byte[] header = header("<f4", shape);
    ByteBuffer buffer = ByteBuffer.allocate(header.length + values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.put(header);
    for (float value : values) {
      buffer.putFloat(value);
    }
    return buffer.array();
  }

  /**
   * Decodes a little-endian float32 or float64 array in C order.
   *
   * @throws IOException when the bytes are not such an array
   */
  public static NpyArray read(byte[] bytes) throws IOException {
    if (bytes.length < PREAMBLE_BYTES || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
      throw new IOException("not a .npy file: the magic string \\x93NUMPY is missing");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int major = bytes[6];
    int headerLength = major == 1 ? Short.toUnsignedInt(buffer.getShort(8)) : buffer.getInt(8);
    int dataStart = (major == 1 ? PREAMBLE_BYTES : PREAMBLE_BYTES + 2) + headerLength;
    String header = new String(bytes, dataStart - headerLength, headerLength, StandardCharsets.ISO_8859_1);
    Matcher matcher = HEADER.matcher(header);
    if (!matcher.matches()) {
      throw new IOException("unsupported .npy header: " + header.strip());
    }

    String descr = matcher.group(1);
    if (matcher.group(2).equals("True")) {
      throw new IOException(".npy array must be in C order, found Fortran order");
    }
    List<Integer> shape = Arrays.stream(matcher.group(3).split(","))
        .map(String::strip).filter(s -> !s.isEmpty()).map(Integer::valueOf).toList();

    int count = shape.stream().mapToInt(Integer::intValue).reduce(1, (a, b) -> a * b);
    buffer.position(dataStart);
    double[] values = new double[count];
    switch (descr) {
      case "<f4" -> {
        for (int i = 0; i < count; i++) {
          values[i] = buffer.getFloat();
        }
      }
      case "<f8" -> {
        for (int i = 0; i < count; i++) {
          values[i] = buffer.getDouble();
        }
      }
      default -> throw new IOException(".npy dtype must be <f4 or <f8, found " + descr);
    }
    return new NpyArray(shape, values);
  }

  private static byte[] header(String descr, List<Integer> shape) {
    StringBuilder dims = new StringBuilder();
    for (Integer dim : shape) {
      dims.append(dim).append(", ");
    }
    String shapeText = shape.size() == 1 ? dims.toString().strip() : dims.substring(0, Math.max(0, dims.length() - 2));
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + shapeText + "), }";
    int padding = ALIGNMENT - (PREAMBLE_BYTES + dict.length() + 1) % ALIGNMENT;
    String text = dict + " ".repeat(padding % ALIGNMENT) + "\n";
    ByteBuffer buffer = ByteBuffer.allocate(PREAMBLE_BYTES + text.length()).order(ByteOrder.LITTLE_ENDIAN);
    buffer.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length());
    buffer.put(text.getBytes(StandardCharsets.ISO_8859_1));
    return buffer.array();
  }
}
