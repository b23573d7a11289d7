package dev.weft.policy.rego.internal.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.RegoError;
import dev.weft.policy.rego.RegoVersion;

/** Assertions on the errors of bad input. */
final class ParseErrors {

  private ParseErrors() {}

  /** Parses {@code src} as module {@code p.rego}; returns the full message (errors and hints). */
  static String module(String src, RegoVersion version) {
    return check(() -> RegoParser.parseModule("p.rego", src, version));
  }

  static String v1(String src) {
    return module(src, RegoVersion.V1);
  }

  static String v0(String src) {
    return module(src, RegoVersion.V0);
  }

  static String query(String src) {
    return check(() -> RegoParser.parseQueryWithText(src));
  }

  static String term(String src) {
    return check(() -> RegoParser.parseTerm(src));
  }

  private interface Parse {
    void run() throws PolicyException;
  }

  private static String check(Parse parse) {
    PolicyException e = catchThrowableOfType(PolicyException.class, parse::run);
    assertThat(e).as("a parse error").isNotNull();
    assertThat(e.errors())
        .isNotEmpty()
        .allSatisfy(
            err -> {
              assertThat(err.code()).isEqualTo(RegoError.PARSE);
              assertThat(err.location().line()).isPositive();
              assertThat(err.location().col()).isPositive();
            });
    assertThat(e.getMessage()).isEqualTo(RegoError.describe(e.errors()));
    return e.getMessage();
  }
}
