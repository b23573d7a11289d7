package dev.weft.policy.testing;

import java.util.List;
import java.util.Objects;

/**
 * The result of one case of a parameterized test ({@code test_x[name] if { some name, tc in cases;
 * ... }}), as {@code opa test} reports it under its test.
 *
 * @param name the case's key: a string as it is, another value as JSON
 * @param failed whether the case failed: it was reached but its value is not {@code true}
 * @param subResults the cases under this one, for a test with several keys ({@code test_x[a][b]});
 *     empty for a leaf
 */
public record SubResult(String name, boolean failed, List<SubResult> subResults) {

  /** Validates and copies. */
  public SubResult {
    Objects.requireNonNull(name, "name");
    subResults = List.copyOf(subResults);
  }
}
