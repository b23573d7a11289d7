package dev.weft.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.identity.text.Quotes;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecisionPathTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "agentweave/authz/federated",
        "/agentweave/authz/federated",
        "data.agentweave.authz.federated"
      })
  void theThreeFormsAreOnePath(String text) {
    DecisionPath p = DecisionPath.parse(text);

    assertThat(p.segments()).containsExactly("agentweave", "authz", "federated");
    assertThat(p.slashPath()).isEqualTo("agentweave/authz/federated");
    assertThat(p.ref()).isEqualTo("data.agentweave.authz.federated");
    assertThat(p).isEqualTo(DecisionPath.parse("agentweave/authz/federated"));
    assertThat(p.toString()).isEqualTo("agentweave/authz/federated");
  }

  @Test
  void segmentsThatAreNotIdentifiersAreBracketedInTheRef() {
    assertThat(DecisionPath.parse("team-a/authz/1st/allow").ref())
        .isEqualTo("data[\"team-a\"].authz[\"1st\"].allow");
    assertThat(DecisionPath.parse("pkg/in/default").ref())
        .isEqualTo("data.pkg[\"in\"][\"default\"]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/", "data.", "a//b", "a/b/", "a.b/c", "a b", "a/ü", "data.a..b"})
  void badPaths(String text) {
    assertThatThrownBy(() -> DecisionPath.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "path: "
                + Quotes.of(text)
                + " (expected: names of letters, digits, _ or - separated by /, like"
                + " agentweave/authz/federated)");
  }

  @Test
  void aBadPathIsQuotedEscapedAndCut() {
    assertThatThrownBy(() -> DecisionPath.parse("a\nb"))
        .hasMessageStartingWith("path: \"a\\u000ab\" (expected: ");
    String longPath = "x".repeat(100) + "/";
    assertThatThrownBy(() -> DecisionPath.parse(longPath))
        .hasMessageStartingWith("path: \"" + "x".repeat(80) + "...\" (expected: ");
  }

  @Test
  void segmentsAreImmutable() {
    List<String> segments = DecisionPath.parse("a/b").segments();

    assertThatThrownBy(() -> segments.add("c")).isInstanceOf(UnsupportedOperationException.class);
  }
}
