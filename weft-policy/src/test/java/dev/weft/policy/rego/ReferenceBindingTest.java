package dev.weft.policy.rego;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.policy.rego.value.Json;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Variables bound by the references of the expression that uses them, and dynamic data refs. */
class ReferenceBindingTest {

  private static Optional<String> eval(String source, String input, String... more)
      throws Exception {
    RegoPolicy.Builder b = RegoPolicy.builder().module("t.rego", source);
    for (int i = 0; i < more.length; i++) {
      b.module("m" + i + ".rego", more[i]);
    }
    return b.build()
        .evaluate("data.t.p", input == null ? null : Json.parse(input))
        .map(Json::write);
  }

  @Test
  void aComparisonMayUseTheVariableItsReferenceIterates() throws Exception {
    String src =
        """
        package t
        p := foo if {
          some foo
          foo == input.foos[foo]
        }
        """;
    assertThat(eval(src, "{\"foos\": [2, 1, 0]}")).contains("1");
    assertThat(eval(src, "{\"foos\": [\"foo\"]}")).isEmpty();
  }

  @Test
  void aDynamicDataReferenceIsNotRecursionThroughRulesItCannotReach() throws Exception {
    assertThat(
            eval(
                "package t\np := data[first].allow.see.something_else if first := \"primary\"\n",
                null,
                "package primary\nallow[action].something if action := \"show\"\n"
                    + "allow.see.something_else if true\n",
                "package unrelated\nallow.other.stuff if true\n"))
        .contains("true");
  }
}
