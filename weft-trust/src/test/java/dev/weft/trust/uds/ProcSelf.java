package dev.weft.trust.uds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This JVM's effective uid and gid, read from /proc/self/status. */
final class ProcSelf {
  private ProcSelf() {}

  static int uid() {
    return effective("Uid:");
  }

  static int gid() {
    return effective("Gid:");
  }

  private static int effective(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field)) {
          return Integer.parseInt(line.substring(field.length()).trim().split("\\s+")[1]);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException("no " + field + " in /proc/self/status");
  }
}
