package dev.weft.cli.fabric;

import dev.weft.cli.CliException;
import dev.weft.config.Durations;
import dev.weft.fabric.Name;
import java.time.Duration;
import java.util.Optional;

/** Checks of the fabric commands' flags and arguments; a bad one is a usage error (exit 2). */
final class Args {
  /** The longest duration a flag accepts. */
  static final Duration MAX_DURATION = Duration.ofHours(1);

  private Args() {}

  /** A duration more than 0 and at most {@link #MAX_DURATION}, in weft-config's grammar. */
  static Duration duration(String flag, String value) throws CliException {
    Optional<Duration> d = Durations.parse(value.strip());
    if (d.isEmpty()
        || d.get().isNegative()
        || d.get().isZero()
        || d.get().compareTo(MAX_DURATION) > 0) {
      throw new CliException(
          flag + ": \"" + value + "\" (expected: " + Durations.expectedPositive(MAX_DURATION) + ")",
          null,
          FabricCommand.USAGE);
    }
    return d.get();
  }

  /** A fabric name, {@code org/namespace/service} or {@code org/namespace/service/id}. */
  static Name name(String value) throws CliException {
    try {
      return Name.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), e, FabricCommand.USAGE);
    }
  }
}
