package dev.weft.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NameTest {

  @Test
  void servicesAndInstances() {
    Name service = Name.parse("a.test/chat/room");
    assertThat(service.arity()).isEqualTo(3);
    assertThat(service.isInstance()).isFalse();
    assertThat(service.org()).isEqualTo("a.test");
    Name instance = service.withId("r-1");
    assertThat(instance.toString()).isEqualTo("a.test/chat/room/r-1");
    assertThat(instance.service()).isEqualTo(service);
    assertThat(Name.fromBytes(instance.toBytes())).isEqualTo(instance);
  }

  @Test
  void badNamesAreRefusedWithTheExpectation() {
    assertThatThrownBy(() -> Name.parse("a/b"))
        .hasMessage(
            "name: \"a/b\" (expected: org/namespace/service or " + "org/namespace/service/id)");
    assertThatThrownBy(() -> Name.parse("a/b/c/d/e"))
        .hasMessage(
            "name: \"a/b/c/d/e\" (expected: org/namespace/service or "
                + "org/namespace/service/id)");
    assertThatThrownBy(() -> Name.parse("a//c"))
        .hasMessage("name: \"a//c\" (expected: no empty component)");
    assertThatThrownBy(() -> Name.parse("a/b c/d"))
        .hasMessage("name: \"a/b c/d\" (expected: components of [A-Za-z0-9._-])");
    assertThatThrownBy(() -> Name.parse("a/../d"))
        .hasMessage("name: \"a/../d\" (expected: no . or .. component)");
    String long64 = "x".repeat(64);
    assertThatThrownBy(() -> Name.parse("a/b/" + long64))
        .hasMessage(
            "name: \"a/b/" + long64 + "\" (expected: components of at most 63 " + "characters)");
    assertThatThrownBy(() -> Name.parse("a/b/c").service().withId("x").withId("y"))
        .isInstanceOf(IllegalStateException.class);
  }
}
