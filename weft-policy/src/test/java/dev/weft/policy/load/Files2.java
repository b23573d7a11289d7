package dev.weft.policy.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/** Writes test files; each write moves the modification time forward, so polls always see it. */
final class Files2 {
  private Files2() {}

  static Path write(Path root, String relative, String text) {
    try {
      Path file = root.resolve(relative);
      Files.createDirectories(file.getParent());
      FileTime before = Files.exists(file) ? Files.getLastModifiedTime(file) : null;
      Files.writeString(file, text);
      if (before != null) {
        Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 1000));
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
