package dev.weft.bench.fabric;

import java.io.PrintStream;

/** The wire candidates alone (filled in below). */
final class WireComparison {
  private WireComparison() {}

  static void run(Settings settings, PrintStream out) {
    throw new UnsupportedOperationException("wire: not yet");
  }
}
