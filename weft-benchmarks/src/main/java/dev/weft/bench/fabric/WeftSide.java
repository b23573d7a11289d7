package dev.weft.bench.fabric;

import java.io.PrintStream;

/** Weft's side (filled in below). */
final class WeftSide {
  private WeftSide() {}

  static SideResults measure(Settings settings, PrintStream out) {
    throw new UnsupportedOperationException("weft: not yet");
  }
}
