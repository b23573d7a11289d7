package dev.weft.policy.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Rule references, written and read back. */
class RegoRefsTest {

  @Test
  void rendersIdentifiersWithDotsAndTheRestInBrackets() {
    assertThat(RegoRefs.render("data", List.of("authz", "test_x"))).isEqualTo("data.authz.test_x");
    assertThat(RegoRefs.render("data", List.of("a-b", "in", "x1", "1x", "q\"")))
        .isEqualTo("data[\"a-b\"][\"in\"].x1[\"1x\"][\"q\\\"\"]");
  }

  @Test
  void parsesWhatItRenders() {
    List<String> segments = List.of("a-b", "in", "x1", "q\"", "test_y");
    assertThat(RegoRefs.parse(RegoRefs.render("data", segments))).isEqualTo(segments);
    assertThat(RegoRefs.parse("data.p[1].q")).containsExactly("p", "1", "q");
    assertThat(RegoRefs.parse("data")).isEmpty();
    assertThat(RegoRefs.parse("data[\"unterminated")).isNull();
    assertThat(RegoRefs.parse("data.p]")).isNull();
  }
}
