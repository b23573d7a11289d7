package dev.weft.policy.load;

import java.util.Objects;

/**
 * The source of one Rego module as loaded.
 *
 * @param file the file's path as reached from the path given to the loader (e.g. {@code
 *     policies/authz/authz.rego}); locations in errors name it
 * @param text the file's text
 */
public record ModuleSource(String file, String text) {

  /** Validates the source. */
  public ModuleSource {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(text, "text");
  }
}
