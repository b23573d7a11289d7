package dev.weft.policy.rego.value;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** JSON in and out: full precision, Rego equality of numbers, sets as sorted arrays. */
class JsonTest {

  @Test
  void numbersKeepFullPrecisionAndEqualByValue() throws Exception {
    Value v =
        Json.parse("{\"price\": 1.50, \"count\": 2, \"big\": 123456789012345678901234567890}");
    // Trailing zeros of decimals are not kept (OPA would write 1.50): a known difference.
    assertThat(Json.write(v))
        .isEqualTo("{\"big\":123456789012345678901234567890,\"count\":2,\"price\":1.5}");
    ObjectValue o = (ObjectValue) v;
    assertThat(o.get("price")).isEqualTo(NumberValue.parse("1.5"));
    assertThat(o.get("count")).isEqualTo(NumberValue.parse("2.0"));
  }

  @Test
  void setsAreWrittenAsSortedArraysAndObjectKeysSorted() {
    Value v =
        ObjectValue.builder()
            .put("b", SetValue.of(StringValue.of("y"), StringValue.of("x")))
            .put("a", NullValue.NULL)
            .build();
    assertThat(Json.write(v)).isEqualTo("{\"a\":null,\"b\":[\"x\",\"y\"]}");
    assertThat(v.toString()).isEqualTo("{\"a\": null, \"b\": {\"x\", \"y\"}}");
  }
}
