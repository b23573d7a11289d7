package dev.weft.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every getter: the value it reads, and the message for a bad one. */
class SectionTest {
  @TempDir Path dir;

  /** Reads one key of the {@code s} section. */
  interface Getter {
    Object read(Section s) throws ConfigException;
  }

  enum Color {
    RED,
    LIGHT_BLUE
  }

  static final Getter PORT = s -> s.integer("v", 0, 65535);
  static final Getter SIZE = s -> s.size("v", 1 << 10, 64 << 20);
  static final Getter RATIO = s -> s.ratio("v");
  static final Getter BOOL = s -> s.bool("v");
  static final Getter DURATION = s -> s.duration("v");
  static final Getter SHORT = s -> s.duration("v", Duration.ofHours(1));
  static final Getter COLOR = s -> s.choice("v", Color.values(), c -> c.name().toLowerCase());
  static final Getter TEXT = s -> s.string("v", "a name");
  static final Getter NESTED = s -> s.section("v");
  static final Getter WORDS = s -> s.list("v", "a list of words", "a word", SectionTest::word);
  static final Getter EVEN = s -> s.value("v", "an even number", SectionTest::even);
  static final Getter LABELS = s -> s.stringMap("v");

  static String word(String text) {
    if (!text.matches("[a-z]+")) {
      throw new IllegalArgumentException("word: \"" + text + "\" (expected: lower-case letters)");
    }
    return text;
  }

  static int even(String text) {
    int n = Integer.parseInt(text); // NumberFormatException: no (expected: ...) in its message
    if (n % 2 != 0) {
      throw new IllegalArgumentException("n: " + n + " (expected: a multiple of 2)");
    }
    return n;
  }

  static Stream<Arguments> goodValues() {
    return Stream.of(
        Arguments.of("an integer", PORT, "8443", 8443),
        Arguments.of("a size in bytes", SIZE, "2048", 2048L),
        Arguments.of("a size in MiB", SIZE, "4MiB", 4L << 20),
        Arguments.of("a ratio", RATIO, "0.25", 0.25),
        Arguments.of("a ratio of 1", RATIO, "1", 1.0),
        Arguments.of("a boolean", BOOL, "false", false),
        Arguments.of("a Go duration", DURATION, "1h30m", Duration.ofMinutes(90)),
        Arguments.of("an ISO duration", DURATION, "PT0.5S", Duration.ofMillis(500)),
        Arguments.of("a duration at its maximum", SHORT, "60m", Duration.ofHours(1)),
        Arguments.of("a choice", COLOR, "light_blue", Color.LIGHT_BLUE),
        Arguments.of("a choice in upper case", COLOR, "RED", Color.RED),
        Arguments.of("a list", WORDS, "[a, b]", List.of("a", "b")),
        Arguments.of("an empty list", WORDS, "", List.of()),
        Arguments.of("a parsed value", EVEN, "4", 4),
        Arguments.of("a string map", LABELS, "{b: 1, a: x}", Map.of("b", "1", "a", "x")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goodValues")
  void readsAGoodValue(String what, Getter getter, String yaml, Object value) throws Exception {
    Object read = getter.read(section("v: " + yaml + "\n"));
    assertThat(read instanceof Optional<?> o ? o.orElseThrow() : read).isEqualTo(value);
  }

  static Stream<Arguments> badValues() {
    String duration = "a duration such as 24h, 30m, 90s, 1h30m, 500ms or PT1H, > 0";
    String size = "a size in bytes or with KiB, MiB or GiB, such as 4MiB, from 1KiB to 64MiB";
    return Stream.of(
        Arguments.of(
            "an integer out of range",
            PORT,
            "70000",
            "70000 (expected: an integer from 0 to 65535)"),
        Arguments.of(
            "a word for an integer",
            PORT,
            "eighty",
            "\"eighty\" (expected: an integer from 0 to 65535)"),
        Arguments.of(
            "a decimal for an integer",
            PORT,
            "80.5",
            "80.5 (expected: an integer from 0 to 65535)"),
        Arguments.of(
            "a list for an integer",
            PORT,
            "[1, 2]",
            "a list (expected: an integer from 0 to 65535)"),
        Arguments.of("an empty integer", PORT, "", "empty (expected: an integer from 0 to 65535)"),
        Arguments.of("a size with a decimal unit", SIZE, "4MB", "\"4MB\" (expected: " + size + ")"),
        Arguments.of(
            "a size over its maximum", SIZE, "65MiB", "\"65MiB\" (expected: " + size + ")"),
        Arguments.of("a size under its minimum", SIZE, "1000", "1000 (expected: " + size + ")"),
        Arguments.of("a ratio over 1", RATIO, "1.5", "1.5 (expected: a number from 0.0 to 1.0)"),
        Arguments.of(
            "a negative ratio", RATIO, "-0.5", "-0.5 (expected: a number from 0.0 to 1.0)"),
        Arguments.of(
            "yes for a boolean", BOOL, "yes please", "\"yes please\" (expected: true or false)"),
        Arguments.of(
            "a duration without a unit", DURATION, "24", "24 (expected: " + duration + ")"),
        Arguments.of("a duration in days", DURATION, "1d", "\"1d\" (expected: " + duration + ")"),
        Arguments.of("a zero duration", DURATION, "0s", "\"0s\" (expected: " + duration + ")"),
        Arguments.of(
            "a negative duration", DURATION, "PT-1H", "\"PT-1H\" (expected: " + duration + ")"),
        Arguments.of(
            "a duration over its maximum",
            SHORT,
            "61m",
            "\"61m\" (expected: " + duration + " and at most 1h)"),
        Arguments.of(
            "an unknown choice", COLOR, "green", "\"green\" (expected: one of red, light_blue)"),
        Arguments.of("an empty string", TEXT, "\"\"", "\"\" (expected: a name)"),
        Arguments.of("a mapping for a string", TEXT, "{a: 1}", "a mapping (expected: a name)"),
        Arguments.of("a scalar for a section", NESTED, "5", "5 (expected: a mapping)"),
        Arguments.of("a scalar for a list", WORDS, "a", "\"a\" (expected: a list of words)"),
        Arguments.of(
            "a value the parser refuses with its reason",
            EVEN,
            "3",
            "3 (expected: a multiple of 2)"),
        Arguments.of(
            "a value the parser refuses without a reason",
            EVEN,
            "x",
            "\"x\" (expected: an even number)"),
        Arguments.of(
            "a quote and a control character",
            COLOR,
            "\"a\\\"b\\u0007\"",
            "\"a\\\"b\\u0007\" (expected: one of red, light_blue)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badValues")
  void aBadValueNamesFileLineKeyValueAndExpected(
      String what, Getter getter, String yaml, String message) throws Exception {
    Section s = section("other: 1\nv: " + yaml + "\n");
    assertThatThrownBy(() -> getter.read(s))
        .isInstanceOf(ConfigException.class)
        .hasMessage(dir.resolve("c.yaml") + ":3: s.v: " + message);
  }

  @Test
  void aBadListItemNamesItsIndexAndLine() throws Exception {
    Section s = section("v:\n  - a\n  - B\n");
    assertThatThrownBy(() -> WORDS.read(s))
        .hasMessage(dir.resolve("c.yaml") + ":4: s.v[1]: \"B\" (expected: lower-case letters)");
    Section nested = section("v:\n  - a\n  - {b: 1}\n");
    assertThatThrownBy(() -> WORDS.read(nested))
        .hasMessage(dir.resolve("c.yaml") + ":4: s.v[1]: a mapping (expected: a word)");
  }

  @Test
  void aKeyThatIsNotAllowedIsNamedWithTheAllowedOnes() throws Exception {
    Section s = section("port: 1\nprot: 2\n");
    assertThatThrownBy(() -> s.allow("port", "host"))
        .hasMessage(
            dir.resolve("c.yaml") + ":3: s.prot: unknown key (expected: one of host," + " port)");
    assertThatThrownBy(() -> s.allow())
        .hasMessage(dir.resolve("c.yaml") + ":2: s.port: unknown key (expected: no keys)");
  }

  @Test
  void aMissingKeyIsReportedAtItsSection() throws Exception {
    Section s = section("port: 1\n");
    assertThat(s.string("host", "a host")).isEmpty();
    assertThat(s.error("host", "a host"))
        .hasMessage(dir.resolve("c.yaml") + ":1: s.host: missing (expected: a host)");
    assertThat(s.sectionOrEmpty("tls").missing("cert", "a PEM file"))
        .hasMessage(dir.resolve("c.yaml") + ":1: s.tls.cert: missing (expected: a PEM file)");
  }

  @Test
  void aBadEntryNameIsReportedAgainstItsSection() throws Exception {
    Section s = section("ok: 1\nbad-name: 2\n");
    assertThat(s.nameError("bad-name", "letters and _"))
        .hasMessage(dir.resolve("c.yaml") + ":3: s: \"bad-name\" (expected: letters and _)");
    assertThat(s.sectionError("two entries", "one"))
        .hasMessage(dir.resolve("c.yaml") + ":1: s: two entries (expected: one)");
  }

  @Test
  void aProblemFoundAfterReadingPointsAtItsKeyWithTheValueAsWritten() throws Exception {
    Section s = section("ttl: 1h\nlimit: 30m\n");
    s.duration("ttl");
    s.duration("limit");
    assertThat(s.error(new Problem("s.ttl", "1h", "longer than s.limit")))
        .hasMessage(dir.resolve("c.yaml") + ":2: s.ttl: \"1h\" (expected: longer than s.limit)");
    assertThat(
            s.error(new Problem("s.other", "24h", "longer than s.limit", Optional.of("s.limit"))))
        .hasMessage(dir.resolve("c.yaml") + ":3: s.other: 24h (expected: longer than s.limit)");
    assertThat(s.error(new Problem("s.other", "24h", "x")))
        .hasMessage(dir.resolve("c.yaml") + ":1: s.other: 24h (expected: x)");
    assertThatThrownBy(
            () ->
                s.throwFirst(List.of(Problem.missing("s.a", "one"), Problem.missing("s.b", "two"))))
        .hasMessage(dir.resolve("c.yaml") + ":1: s.a: missing (expected: one)");
  }

  @Test
  void anAliasIsNamedAsWritten() throws Exception {
    Section s = section("x509_ttl: 2h\n");
    s.alias("ttl", "x509_ttl");
    assertThat(s.error(new Problem("s.ttl", "2h", "< 1h")))
        .hasMessage(dir.resolve("c.yaml") + ":2: s.x509_ttl: \"2h\" (expected: < 1h)");
  }

  @Test
  void aMaskedValueIsNeverShown() throws Exception {
    Section s = section("token: s3cret\n");
    s.mask("s.token", t -> "***");
    assertThat(s.error("token", "a token"))
        .hasMessage(dir.resolve("c.yaml") + ":2: s.token: \"***\" (expected: a token)");
    assertThat(s.error(new Problem("s.token", "x", "a token")).getMessage())
        .doesNotContain("s3cret");
  }

  @Test
  void anAbsentKeyReadsAsEmpty() throws Exception {
    Section s = section("other: 1\n");
    for (Getter g : List.of(PORT, SIZE, RATIO, BOOL, DURATION, COLOR, TEXT, NESTED, WORDS, EVEN)) {
      assertThat(g.read(s)).isEqualTo(Optional.empty());
    }
    assertThat(LABELS.read(s)).isEqualTo(Map.of());
  }

  /** The {@code s} section of a file holding {@code body} indented under it. */
  private Section section(String body) throws Exception {
    String indented = body.lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n");
    Path file = Files.writeString(dir.resolve("c.yaml"), "s:\n" + indented);
    return ConfigFile.read(file, "s").section("s").orElseThrow();
  }
}
