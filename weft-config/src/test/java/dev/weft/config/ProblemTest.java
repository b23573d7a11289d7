package dev.weft.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {
  @Test
  void aProblemReadsAsKeyValueExpected() {
    assertThat(new Problem("server.ca_ttl", "1h", "> 0").message())
        .isEqualTo("server.ca_ttl: 1h (expected: > 0)");
    assertThat(Problem.missing("a.b", "a name").message())
        .isEqualTo("a.b: missing (expected: a name)");
  }

  @Test
  void valuesAreShownAsAFileWouldWriteThem() {
    assertThat(Problem.show("a\"b\n")).isEqualTo("\"a\\\"b\\n\"");
    assertThat(Problem.show(Path.of("/x y"))).isEqualTo("\"/x y\"");
    assertThat(Problem.show(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(Problem.show(null)).isEqualTo("missing");
    assertThat(Problem.show(42)).isEqualTo("42");
  }

  @Test
  void problemsAreThrownTogether() {
    Problem.throwIfAny(List.of());
    assertThatThrownBy(
            () ->
                Problem.throwIfAny(List.of(new Problem("a", "1", "2"), new Problem("b", "3", "4"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a: 1 (expected: 2); b: 3 (expected: 4)");
  }

  @Test
  void theExpectedPartOfAMessageInTheOneFormat() {
    assertThat(Problem.expectedIn("subject: \"C=USA\" (expected: an X.500 name; two letters (C))"))
        .contains("an X.500 name; two letters (C)");
    assertThat(Problem.expectedIn("invalid trust domain \"A\": upper case")).isEmpty();
    assertThat(Problem.expectedIn("x (expected: y) and more")).isEmpty();
    assertThat(Problem.expectedIn(null)).isEmpty();
  }
}
