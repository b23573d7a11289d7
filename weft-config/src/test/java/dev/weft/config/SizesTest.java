package dev.weft.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one size grammar: bytes, or KiB, MiB or GiB. */
class SizesTest {
  @ParameterizedTest(name = "{0} is {1} bytes")
  @CsvSource({
    "0, 0",
    "16384, 16384",
    "16KiB, 16384",
    "4MiB, 4194304",
    "1GiB, 1073741824",
    "4 MiB, 4194304",
    "' 8KiB ', 8192",
  })
  void parses(String text, long bytes) {
    assertThat(Sizes.parse(text)).hasValue(bytes);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {
        "",
        "4MB",
        "4mib",
        "4M",
        "-1",
        "1.5MiB",
        "MiB",
        "4 KB",
        "1000000000000",
        "999999999999GiB"
      })
  void rejects(String text) {
    assertThat(Sizes.parse(text)).isEmpty();
  }

  @ParameterizedTest(name = "{0} bytes formats as {1}")
  @CsvSource({
    "0, 0",
    "1, 1",
    "1000, 1000",
    "1024, 1KiB",
    "16384, 16KiB",
    "4194304, 4MiB",
    "1073741824, 1GiB",
    "1049600, 1025KiB"
  })
  void formatsInTheLargestExactUnit(long bytes, String written) {
    assertThat(Sizes.format(bytes)).isEqualTo(written);
  }

  @Test
  void theExpectedTextNamesTheBounds() {
    assertThat(Sizes.expected(1 << 10, 64 << 20))
        .isEqualTo("a size in bytes or with KiB, MiB or GiB, such as 4MiB, from 1KiB to 64MiB");
  }
}
