package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A bad command line is one line on stderr, {@code weft: ...}, and exit status 2. */
class UsageErrorsTest {

  static Stream<Arguments> badCommandLines() {
    return Stream.of(
        Arguments.of(
            new String[] {"trust", "entry", "create", "--ttl", "soon"},
            "weft: --ttl: \"soon\" (expected: seconds such as 3600, or a duration such as 24h, 30m,"
                + " 90s, 1h30m, 500ms or PT1H, from 0 to 30 days)"),
        Arguments.of(
            new String[] {"trust", "entry", "show", "--output", "yaml"},
            "weft: --output: yaml (expected: one of text, json)"),
        Arguments.of(
            new String[] {"trust", "entry", "create", "--bogus"},
            "weft: Unknown option: '--bogus' (see 'weft trust entry create --help')"),
        Arguments.of(
            new String[] {"no-such-command"},
            "weft: Unmatched argument at index 0: 'no-such-command' (see 'weft --help')"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badCommandLines")
  void aBadCommandLineIsOneLineAndExitStatusTwo(String[] args, String expected) {
    Cli.Result result = Cli.run(args);

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err().strip()).isEqualTo(expected);
    assertThat(result.out()).isEmpty();
  }
}
