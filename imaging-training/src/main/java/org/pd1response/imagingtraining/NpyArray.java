package org.pd1response.imagingtraining;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A little-endian float32 array in C order read from a NumPy {@code .npy} file (format versions 1
 * to 3), the format in which the training package saves its PyTorch reference outputs.
 *
 * @param shape the array's dimensions
 * @param values the elements in C order
 */
public record NpyArray(long[] shape, float[] values) {

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  /** Reads a file, rejecting any dtype but {@code <f4} and any Fortran-order array. */
  public static NpyArray read(Path path) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
    byte[] magic = new byte[MAGIC.length];
    buffer.get(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new IOException(path + ": expected the NumPy .npy magic string, found other bytes");
    }
    int major = buffer.get();
    buffer.get();
    int headerLength = major == 1 ? Short.toUnsignedInt(buffer.getShort()) : buffer.getInt();
    byte[] headerBytes = new byte[headerLength];
    buffer.get(headerBytes);
    String header = new String(headerBytes, StandardCharsets.ISO_8859_1);

    String descr = group(DESCR, header, path, "descr");
    if (!descr.equals("<f4")) {
      throw new IOException(path + ": expected dtype '<f4' (little-endian float32), found '" + descr + "'");
    }
    if (group(FORTRAN, header, path, "fortran_order").equals("True")) {
      throw new IOException(path + ": expected C order, found fortran_order True");
    }
    long[] shape = Arrays.stream(group(SHAPE, header, path, "shape").split(","))
        .map(String::trim).filter(part -> !part.isEmpty()).mapToLong(Long::parseLong).toArray();
    long count = Arrays.stream(shape).reduce(1L, Math::multiplyExact);
    if (count * Float.BYTES != buffer.remaining()) {
      throw new IOException(path + ": expected " + count * Float.BYTES + " data bytes for shape "
          + Arrays.toString(shape) + ", found " + buffer.remaining());
    }
    float[] values = new float[Math.toIntExact(count)];
    buffer.asFloatBuffer().get(values);
    return new NpyArray(shape, values);
  }

  /** Number of elements in one entry along the first axis. */
  public int rowLength() {
    long length = 1;
    for (int axis = 1; axis < shape.length; axis++) {
      length *= shape[axis];
    }
    return Math.toIntExact(length);
  }

  /** Size of the first axis. */
  public int rows() {
    return Math.toIntExact(shape[0]);
  }

  private static String group(Pattern pattern, String header, Path path, String key) throws IOException {
    Matcher matcher = pattern.matcher(header);
    if (!matcher.find()) {
      throw new IOException(path + ": .npy header has no '" + key + "' entry: " + header.trim());
    }
    return matcher.group(1);
  }
}
