package org.pd1response.preprocessing.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyFormatTest {

  private static final float[] VALUES = {0.5f, -1.25f, 3.0f, 1e-7f, -0.0f, 255.0f};
  private static final List<Integer> SHAPE = List.of(1, 2, 3);

  @TempDir
  Path work;

  @Test
  void headerIsPaddedToSixtyFourBytes() {
    // when
    byte[] bytes = NpyFormat.writeFloat32(VALUES, SHAPE);

    // then
    assertEquals(128 + VALUES.length * 4, bytes.length);
    assertEquals('\n', bytes[127]);
  }

  @Test
  void roundTripsFloat32() throws Exception {
    // when
    NpyFormat.NpyArray read = NpyFormat.read(NpyFormat.writeFloat32(VALUES, SHAPE));

    // then
    assertEquals(SHAPE, read.shape());
    for (int i = 0; i < VALUES.length; i++) {
      assertEquals(VALUES[i], (float) read.values()[i], "value " + i);
    }
  }

  @Test
  void numpyLoadsWrittenFile() throws Exception {
    // given
    Path python = Path.of("/usr/bin/python3");
    assumeTrue(Files.isExecutable(python), "needs /usr/bin/python3 with NumPy");
    Path file = work.resolve("tensor.npy");
    Files.write(file, NpyFormat.writeFloat32(VALUES, SHAPE));

    // when
    Process process = new ProcessBuilder(python.toString(), "-c",
        "import numpy, sys; a = numpy.load(sys.argv[1]); print(a.dtype, a.shape, ' '.join(repr(float(v)) for v in a.ravel()))",
        file.toString()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    process.waitFor(60, TimeUnit.SECONDS);

    // then
    assertEquals("float32 (1, 2, 3) 0.5 -1.25 3.0 1.0000000116860974e-07 -0.0 255.0", output);
  }

  @Test
  void writesNumpyHeaderText() {
    // when
    byte[] bytes = NpyFormat.writeFloat32(new float[] {1f, 2f}, List.of(2));

    // then
    String header = new String(bytes, 10, 118, StandardCharsets.ISO_8859_1).strip();
    assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", header);
    assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}, java.util.Arrays.copyOf(bytes, 8));
  }
}
