package org.pd1response.ingest.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.pd1response.ingest.imaging.MaskDecoder.NamedBytes;
import org.pd1response.runtime.RejectedEventException;

class MaskDecoderTest {

  static final int WIDTH = 8;
  static final int HEIGHT = 6;

  @Test
  void readsEveryPublishedMaskFormat() throws IOException {
    BufferedImage oneBit = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_BINARY);
    oneBit.getRaster().setSample(1, 1, 0, 1);
    BufferedImage greyZeroOne = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
    greyZeroOne.getRaster().setSample(2, 1, 0, 1);
    BufferedImage rgb = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    rgb.setRGB(3, 1, 0xffffff);
    BufferedImage rgba = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_ARGB);
    rgba.setRGB(4, 1, 0xffffffff);
    rgba.setRGB(0, 0, 0xff000000);
    byte[] palette = {0, (byte) 255};
    BufferedImage gif = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_INDEXED,
        new IndexColorModel(1, 2, palette, palette, palette));
    gif.getRaster().setSample(5, 1, 0, 1);

    BinaryMask merged = MaskDecoder.merge(List.of(file("a.png", oneBit, "png"), file("b.png", greyZeroOne, "png"),
        file("c.png", rgb, "png"), file("d.png", rgba, "png"), file("e.gif", gif, "gif")), WIDTH, HEIGHT);

    assertEquals(5, merged.area());
    for (int x = 1; x <= 5; x++) {
      assertTrue(merged.get(x, 1), "pixel " + x);
    }
  }

  @Test
  void rejectsMaskOfOtherSize() throws IOException {
    BufferedImage small = new BufferedImage(WIDTH - 1, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);

    RejectedEventException e = assertThrows(RejectedEventException.class,
        () -> MaskDecoder.merge(List.of(file("small.png", small, "png")), WIDTH, HEIGHT));

    assertEquals("MASK_SIZE_MISMATCH", e.code());
    assertEquals("mask 'small.png' must have the image's size 8 x 6 pixels, found 7 x 6; masks are never resized",
        e.getMessage());
  }

  @Test
  void rejectsNonBinaryValues() throws IOException {
    BufferedImage soft = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
    soft.getRaster().setSample(3, 2, 0, 128);

    RejectedEventException e = assertThrows(RejectedEventException.class,
        () -> MaskDecoder.merge(List.of(file("soft.png", soft, "png")), WIDTH, HEIGHT));

    assertEquals("INVALID_MASK", e.code());
    assertEquals("mask 'soft.png' must contain only the values 0/1 or 0/255, found 128 at x=3, y=2", e.getMessage());
  }

  @Test
  void rejectsBytesThatAreNoImage() {
    RejectedEventException e = assertThrows(RejectedEventException.class,
        () -> MaskDecoder.merge(List.of(new NamedBytes("text.png", "not an image".getBytes())), WIDTH, HEIGHT));

    assertEquals("BROKEN_IMAGE", e.code());
  }

  @Test
  void canonicalImageKeepsGreyValues() {
    BufferedImage grey = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setSample(2, 3, 0, 77);

    CanonicalImage canonical = CanonicalImage.of(grey);

    assertEquals(1, canonical.channels());
    assertEquals(77, canonical.image().getRaster().getSample(2, 3, 0));
  }

  private static NamedBytes file(String name, BufferedImage image, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(image, format, out), "no writer for " + format);
    return new NamedBytes(name, out.toByteArray());
  }
}
