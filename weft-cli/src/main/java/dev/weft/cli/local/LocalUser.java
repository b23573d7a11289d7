package dev.weft.cli.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The user running {@code weft up}, as the local mesh registers it. */
final class LocalUser {
  private LocalUser() {}

  static int uid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot read this process's uid from /proc/self/status", e);
    }
    throw new IllegalStateException("no Uid line in /proc/self/status");
  }

  /** The user name made safe for a SPIFFE ID path segment ([A-Za-z0-9._-]). */
  static String pathSegment() {
    String name = System.getProperty("user.name", "user");
    String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
    return safe.isEmpty() || safe.equals(".") || safe.equals("..") ? "uid-" + uid() : safe;
  }
}
