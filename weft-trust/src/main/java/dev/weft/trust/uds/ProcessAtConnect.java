package dev.weft.trust.uds;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code /proc} said about a unix socket peer's process when it connected: its start time
 * (which tells a reused pid apart) and its executable (which tells an exec apart). Attestation
 * compares the process it inspects later with this, so that a process cannot connect and then exec
 * a binary it wants to pass for, nor hand its connection to a process that took its pid.
 *
 * @param startTime {@code starttime} of {@code /proc/<pid>/stat} (clock ticks after boot)
 * @param exe the target of {@code /proc/<pid>/exe}; empty if it could not be read
 */
public record ProcessAtConnect(String startTime, Optional<Path> exe) {
  /** {@code starttime} is field 22; fields after the command name start at field 3. */
  private static final int START_TIME_AFTER_COMM = 22 - 3;

  /**
   * Reads the process {@code pid} under {@code proc} (normally {@code /proc}).
   *
   * @return empty if the process is not visible (pid 0, exited, another pid namespace)
   */
  public static Optional<ProcessAtConnect> read(Path proc, int pid) {
    if (pid <= 0) {
      return Optional.empty();
    }
    Path dir = proc.resolve(Integer.toString(pid));
    String startTime;
    try {
      startTime = startTime(Files.readString(dir.resolve("stat")));
    } catch (IOException e) {
      return Optional.empty();
    }
    Optional<Path> exe;
    try {
      exe = Optional.of(Files.readSymbolicLink(dir.resolve("exe")));
    } catch (IOException | UnsupportedOperationException e) {
      exe = Optional.empty();
    }
    return Optional.of(new ProcessAtConnect(startTime, exe));
  }

  /**
   * The process start time in a {@code /proc/<pid>/stat} line, as text.
   *
   * @throws IOException if the text is not a stat line
   */
  public static String startTime(String stat) throws IOException {
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
