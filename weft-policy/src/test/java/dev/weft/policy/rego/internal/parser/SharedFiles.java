package dev.weft.policy.rego.internal.parser;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The team's shared reference files ({@code shared/} next to the repository: {@code ../shared} from
 * the integration checkout; a worktree finds it further up). Tests that need them are skipped with
 * a clear reason when they are missing.
 */
final class SharedFiles {

  private SharedFiles() {}

  /** The directory {@code shared/<relative>}, or the test is skipped. */
  static Path require(String relative) {
    Path found = find(relative);
    assumeTrue(
        found != null,
        "shared/" + relative + " not found next to the repository or above it; skipping");
    return found;
  }

  /** The directory {@code shared/<relative>}, or null. */
  static Path find(String relative) {
    // surefire runs in the module directory; the repository root is its parent
    Path dir = Path.of("").toAbsolutePath().getParent();
    while (dir != null) {
      Path candidate = dir.resolveSibling("shared").resolve(relative);
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    return null;
  }
}
