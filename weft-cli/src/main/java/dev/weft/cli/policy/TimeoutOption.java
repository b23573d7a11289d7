package dev.weft.cli.policy;

import dev.weft.cli.CliException;
import dev.weft.policy.rego.EvalLimits;
import dev.weft.policy.rego.GoDuration;
import java.time.Duration;

/** {@code --timeout} of {@code weft policy eval|test}: a Go duration, as OPA's flag takes. */
final class TimeoutOption {

  private TimeoutOption() {}

  /**
   * The duration {@code value} names: {@code 0} for none, or a Go duration such as {@code 500ms} or
   * {@code 2s}, up to {@link EvalLimits#MAX_TIMEOUT}.
   *
   * @throws CliException (exit status 2) naming the value and what is allowed
   */
  static Duration parse(String value) throws CliException {
    Duration d;
    try {
      d = GoDuration.parse(value);
    } catch (IllegalArgumentException e) {
      throw invalid(value);
    }
    if (d.isNegative() || d.compareTo(EvalLimits.MAX_TIMEOUT) > 0) {
      throw invalid(value);
    }
    return d;
  }

  private static CliException invalid(String value) {
    return new CliException(
        "--timeout: " + value + " (expected: a duration such as 500ms, 2s)", null, 2);
  }
}
