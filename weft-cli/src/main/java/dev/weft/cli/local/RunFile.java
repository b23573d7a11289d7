package dev.weft.cli.local;

import dev.weft.cli.CliException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code <dir>/up.pid}: which process runs the local mesh, so that a second up refuses and down
 * finds it.
 */
final class RunFile {
  private final Path file;

  private RunFile(Path file) {
    this.file = file;
  }

  /** Records this process as the mesh's runner, refusing if another live one holds it. */
  static RunFile claim(Path dir) throws CliException, IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve("up.pid");
    Optional<ProcessHandle> running = holder(dir);
    if (running.isPresent() && running.get().pid() != ProcessHandle.current().pid()) {
      throw new CliException(
          "weft up is already running (pid " + running.get().pid() + "); stop it with ./weft down");
    }
    Files.writeString(file, Long.toString(ProcessHandle.current().pid()));
    return new RunFile(file);
  }

  /** The live process recorded in {@code <dir>/up.pid}, if any. */
  static Optional<ProcessHandle> holder(Path dir) throws IOException {
    Path file = dir.resolve("up.pid");
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      long pid = Long.parseLong(Files.readString(file).trim());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  void release() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // stale file: holder() checks liveness
    }
  }
}
