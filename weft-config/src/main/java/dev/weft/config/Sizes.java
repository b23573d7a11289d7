package dev.weft.config;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes in Weft's one grammar (see the {@linkplain dev.weft.config package} description): a number
 * of bytes ({@code 16384}), or a number followed by {@code KiB}, {@code MiB} or {@code GiB} (powers
 * of 1024: {@code 16KiB}, {@code 4MiB}, {@code 1 GiB}); space around the number is ignored.
 */
public final class Sizes {
  /** What a size may be written as, for the {@code (expected: ...)} of messages. */
  public static final String EXPECTED = "a size in bytes or with KiB, MiB or GiB, such as 4MiB";

  private static final Pattern SIZE = Pattern.compile("([0-9]{1,12})\\s*(KiB|MiB|GiB)?");
  private static final long KIB = 1L << 10;
  private static final long MIB = 1L << 20;
  private static final long GIB = 1L << 30;

  private Sizes() {}

  /** The number of bytes {@code text} means, if it is a size. */
  public static OptionalLong parse(String text) {
    Matcher m = SIZE.matcher(text.strip());
    if (!m.matches()) {
      return OptionalLong.empty();
    }
    long unit =
        m.group(2) == null
            ? 1
            : switch (m.group(2)) {
              case "KiB" -> KIB;
              case "MiB" -> MIB;
              default -> GIB;
            };
    try {
      return OptionalLong.of(Math.multiplyExact(Long.parseLong(m.group(1)), unit));
    } catch (ArithmeticException e) {
      return OptionalLong.empty();
    }
  }

  /** What a size from {@code min} to {@code max} bytes may be written as. */
  public static String expected(long min, long max) {
    return EXPECTED + ", from " + format(min) + " to " + format(max);
  }

  /**
   * {@code bytes} in the largest unit that divides it: {@code 4MiB}, {@code 16KiB}, {@code 1000}.
   */
  public static String format(long bytes) {
    if (bytes != 0 && bytes % GIB == 0) {
      return bytes / GIB + "GiB";
    }
    if (bytes != 0 && bytes % MIB == 0) {
      return bytes / MIB + "MiB";
    }
    if (bytes != 0 && bytes % KIB == 0) {
      return bytes / KIB + "KiB";
    }
    return Long.toString(bytes);
  }
}
