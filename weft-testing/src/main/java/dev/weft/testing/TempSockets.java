package dev.weft.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A short temporary directory for unix sockets (socket paths are limited to 107 bytes, which
 * JUnit's {@code @TempDir} under a long build directory can exceed). Close to delete it.
 */
public final class TempSockets implements AutoCloseable {
  private final Path dir;

  public TempSockets() {
    try {
      dir = Files.createTempDirectory(Path.of("/tmp"), "weft-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path dir() {
    return dir;
  }

  /** A path for a socket named {@code name} inside the directory (not created). */
  public Path socket(String name) {
    return dir.resolve(name);
  }

  @Override
  public void close() {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
