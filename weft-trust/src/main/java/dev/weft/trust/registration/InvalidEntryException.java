package dev.weft.trust.registration;

import java.io.Serial;
import java.util.List;

/**
 * A registration entry breaks one or more rules of {@link EntryValidator}. The message lists every
 * problem, each as {@code entry.<field>: <value> (expected: ...)}, joined with {@code "; "}; {@link
 * #problems()} has them one by one.
 */
public final class InvalidEntryException extends Exception {
  @Serial private static final long serialVersionUID = 1L;

  private final String[] problems;

  /** An exception listing {@code problems}, at least one. */
  public InvalidEntryException(List<String> problems) {
    super(String.join("; ", problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems: [] (expected: at least one)");
    }
    this.problems = problems.toArray(String[]::new);
  }

  /** The problems, in field order. */
  public List<String> problems() {
    return List.of(problems);
  }
}
