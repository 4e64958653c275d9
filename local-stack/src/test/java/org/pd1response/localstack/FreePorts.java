package org.pd1response.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Random;

/** Free TCP ports on 127.0.0.1 for a test's stack, so that it never collides with a running one. */
final class FreePorts {

  private static final int SEARCH_ATTEMPTS = 50;

  private FreePorts() {}

  /** Returns a port that was free when this method checked it. */
  static int one() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /**
   * Returns the first of {@code count} consecutive ports that were free when this method checked
   * them, because the stack gives its services consecutive ports.
   */
  static int block(int count) {
    Random random = new Random();
    for (int attempt = 0; attempt < SEARCH_ATTEMPTS; attempt++) {
      int first = 20000 + random.nextInt(20000);
      boolean free = true;
      for (int port = first; port < first + count && free; port++) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
          socket.setReuseAddress(true);
        } catch (IOException e) {
          free = false;
        }
      }
      if (free) {
        return first;
      }
    }
    throw new IllegalStateException("no block of " + count + " free ports found on 127.0.0.1 after "
        + SEARCH_ATTEMPTS + " attempts");
  }
}
