package dev.weft.trust.attestation;

import java.io.IOException;

/** Reads {@code /proc/<pid>/stat}. */
final class ProcStat {
  /** {@code starttime} is field 22; fields after the command name start at field 3. */
  private static final int START_TIME_AFTER_COMM = 22 - 3;

  private ProcStat() {}

  /**
   * The process start time (clock ticks after boot), as text.
   *
   * @throws IOException if the text is not a stat line
   */
  static String startTime(String stat) throws IOException {
    int commEnd = stat.lastIndexOf(')'); // the command name may itself contain ')' and spaces
    if (commEnd < 0) {
      throw new IOException("stat: no command name in \"" + abbreviate(stat) + "\"");
    }
    String[] fields = stat.substring(commEnd + 1).trim().split("\\s+");
    if (fields.length <= START_TIME_AFTER_COMM
        || !fields[START_TIME_AFTER_COMM].chars().allMatch(Character::isDigit)) {
      throw new IOException("stat: no start time in \"" + abbreviate(stat) + "\"");
    }
    return fields[START_TIME_AFTER_COMM];
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s.strip() : s.substring(0, 80) + "...";
  }
}
