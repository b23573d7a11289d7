package dev.weft.trust.attestation;

import dev.weft.trust.uds.ProcessAtConnect;
import java.io.IOException;

/** Reads {@code /proc/<pid>/stat}. */
final class ProcStat {
  private ProcStat() {}

  /**
   * The process start time (clock ticks after boot), as text.
   *
   * @throws IOException if the text is not a stat line
   */
  static String startTime(String stat) throws IOException {
    return ProcessAtConnect.startTime(stat);
  }
}
