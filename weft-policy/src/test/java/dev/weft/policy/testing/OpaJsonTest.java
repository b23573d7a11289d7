package dev.weft.policy.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.Json;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.StringValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSON as Go's encoding/json writes it for OPA. */
class OpaJsonTest {

  @Test
  void indentsLikeGo() throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("z", List.of());
    m.put(
        "a",
        ObjectValue.builder()
            .put("n", NumberValue.parse("1.50"))
            .put("b", Json.parse("[1, {\"c\": null}]"))
            .put("a", ObjectValue.EMPTY)
            .build());
    m.put("t", true);
    m.put("i", 3L);

    assertThat(OpaJson.pretty(m))
        .isEqualTo(
            """
            {
              "z": [],
              "a": {
                "a": {},
                "b": [
                  1,
                  {
                    "c": null
                  }
                ],
                "n": 1.50
              },
              "t": true,
              "i": 3
            }\
            """);
    assertThat(OpaJson.compact(m))
        .isEqualTo(
            "{\"z\":[],\"a\":{\"a\":{},\"b\":[1,{\"c\":null}],\"n\":1.50},\"t\":true,\"i\":3}");
  }

  @Test
  void setsAreSortedAndNonStringKeysAreWrittenAsJson() {
    SetValue set = SetValue.of(StringValue.of("b"), NumberValue.of(2), StringValue.of("a"));
    ObjectValue object =
        ObjectValue.builder()
            .put(ArrayValue.of(NumberValue.of(1)), StringValue.of("array key"))
            .put(NumberValue.of(10), StringValue.of("number key"))
            .put("b", set)
            .build();

    assertThat(OpaJson.compact(object))
        .isEqualTo("{\"10\":\"number key\",\"[1]\":\"array key\",\"b\":[2,\"a\",\"b\"]}");
  }

  @Test
  void keysSortInByteOrder() {
    ObjectValue object =
        ObjectValue.builder()
            .put("\uD83D\uDE00", NumberValue.of(1)) // U+1F600, after U+FFFD in UTF-8
            .put("\uFFFD", NumberValue.of(2))
            .put("B", NumberValue.of(3))
            .put("a", NumberValue.of(4))
            .build();

    assertThat(OpaJson.compact(object))
        .isEqualTo("{\"B\":3,\"a\":4,\"\uFFFD\":2,\"\uD83D\uDE00\":1}");
  }

  @Test
  void escapesLikeGo() {
    assertThat(OpaJson.compact("<a href=\"x\">&</a>\\\n\r\t\b\f\u0001\u2028é\uD800"))
        .isEqualTo(
            "\"\\u003ca href=\\\"x\\\"\\u003e\\u0026\\u003c/a\\u003e\\\\\\n\\r\\t\\b\\f\\u0001"
                + "\\u2028é\\ufffd\"");
  }

  @Test
  void bytesAreBase64AndNullsAreNull() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("out", "hi\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    m.put("none", null);
    assertThat(OpaJson.compact(m)).isEqualTo("{\"out\":\"aGkK\",\"none\":null}");
    assertThat(OpaJson.pretty(null)).isEqualTo("null");
  }

  @Test
  void rejectsWhatJsonCannotHold() {
    assertThatThrownBy(() -> OpaJson.compact(new Object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("value: java.lang.Object (expected: a Rego value or JSON data)");
    assertThatThrownBy(() -> OpaJson.compact(Map.of(1, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key: 1 (expected: a string key in JSON data)");
  }
}
