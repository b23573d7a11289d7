package dev.weft.trust.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the trust server keeps its CA keys ({@code plugins.key_manager}): on disk (the default, so
 * a restart keeps the CA) or in memory (a new CA on every start; for tests).
 */
public sealed interface KeyManagerConfig {

  /**
   * Keys in files under {@code keysPath} ({@code disk.keys_path}, default {@code <data_dir>/keys};
   * a relative path in a file is relative to the file's directory).
   */
  record Disk(Path keysPath) implements KeyManagerConfig {
    public Disk {
      Objects.requireNonNull(keysPath, "keysPath");
    }
  }

  /** Keys held in memory only ({@code memory: {}}). */
  record Memory() implements KeyManagerConfig {}
}
