package org.pd1response.ingest.pacs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Splits a {@code multipart/related} body (RFC 2387), as DICOMweb returns instances, frames and bulk data. */
final class Multipart {

  private Multipart() {}

  /**
   * Returns the bodies of the parts, in order.
   *
   * @throws IllegalArgumentException when the content type has no boundary or the body has no part
   */
  static List<byte[]> parts(String contentType, byte[] body) {
    String boundary = boundary(contentType);
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
    List<byte[]> parts = new ArrayList<>();
    int start = indexOf(body, delimiter, 0);
    while (start >= 0) {
      int afterDelimiter = start + delimiter.length;
      if (afterDelimiter + 1 < body.length && body[afterDelimiter] == '-' && body[afterDelimiter + 1] == '-') {
        break;
      }
      int headersEnd = indexOf(body, new byte[] {'\r', '\n', '\r', '\n'}, afterDelimiter);
      if (headersEnd < 0) {
        break;
      }
      int contentStart = headersEnd + 4;
      int next = indexOf(body, concat(new byte[] {'\r', '\n'}, delimiter), contentStart);
      if (next < 0) {
        throw new IllegalArgumentException("multipart body is truncated: no closing boundary after byte " + contentStart);
      }
      parts.add(Arrays.copyOfRange(body, contentStart, next));
      start = next + 2;
    }
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("multipart body has no part for boundary '" + boundary + "'");
    }
    return parts;
  }

  private static String boundary(String contentType) {
    if (contentType == null) {
      throw new IllegalArgumentException("Content-Type must be multipart/related with a boundary, found none");
    }
    for (String parameter : contentType.split(";")) {
      String trimmed = parameter.strip();
      if (trimmed.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
        String value = trimmed.substring("boundary=".length());
        return value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
      }
    }
    throw new IllegalArgumentException("Content-Type must carry a boundary parameter, found '" + contentType + "'");
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] joined = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, joined, first.length, second.length);
    return joined;
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = Math.max(from, 0); i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
