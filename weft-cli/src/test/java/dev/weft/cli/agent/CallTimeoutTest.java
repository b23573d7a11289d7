package dev.weft.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.cli.CliException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code weft call --timeout}: the configuration files' duration grammar, more than 0, at most 1h.
 */
class CallTimeoutTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "500ms, PT0.5S",
    "10s, PT10S",
    "1m, PT1M",
    "1m30s, PT1M30S",
    "PT2M, PT2M",
    "1h, PT1H",
    "' 30s ', PT30S"
  })
  void takesTheOneDurationGrammar(String value, String iso) throws Exception {
    assertThat(CallCommand.timeout(value)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"0", "0s", "61m", "2h", "PT-1S", "soon", "30", "1d", "99999999999"})
  void refusesOtherValuesAndItsBoundsAsAUsageError(String value) {
    assertThatThrownBy(() -> CallCommand.timeout(value))
        .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitStatus()).isEqualTo(2))
        .hasMessage(
            "--timeout: \""
                + value
                + "\" (expected: a duration such as 24h, 30m, 90s,"
                + " 1h30m, 500ms or PT1H, > 0 and at most 1h)");
  }
}
