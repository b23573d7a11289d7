package dev.weft.identity.spiffeid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Property-style checks over generated input (seeded, so a failure reproduces): every valid ID
 * round-trips through every way of building it, and arbitrary strings either parse into an ID that
 * prints back as the input or fail with {@link InvalidSpiffeIdException}, nothing else.
 */
class SpiffeIdPropertiesTest {
  private static final String TD_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789.-_";
  private static final String PATH_CHARS = TD_CHARS + "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String NOISE = PATH_CHARS + "/:@?#%$ \u00e9\n\u0000SPIFFE";
  private static final java.util.concurrent.atomic.AtomicInteger PARSED =
      new java.util.concurrent.atomic.AtomicInteger();

  @org.junit.jupiter.api.AfterAll
  static void someArbitraryInputsParsed() {
    // Guards the generator: if nothing ever parsed, the faithful-parse branch was never tested.
    assertThat(PARSED.get()).isGreaterThan(20);
  }

  @RepeatedTest(300)
  void validIdsRoundTripThroughParseOfAndId(RepetitionInfo info) {
    Random random = new Random(info.getCurrentRepetition());
    String td = randomString(random, TD_CHARS, 1 + random.nextInt(40));
    List<String> segments = new ArrayList<>();
    int count = random.nextInt(5);
    for (int i = 0; i < count; i++) {
      String segment = randomString(random, PATH_CHARS, 1 + random.nextInt(12));
      segments.add(segment.equals(".") || segment.equals("..") ? segment + "x" : segment);
    }
    String path = segments.isEmpty() ? "" : "/" + String.join("/", segments);
    String text = "spiffe://" + td + path;

    SpiffeId parsed = SpiffeId.parse(text);
    TrustDomain trustDomain = TrustDomain.parse(td);

    assertThat(parsed.toString()).isEqualTo(text);
    assertThat(parsed.trustDomain()).isEqualTo(trustDomain);
    assertThat(parsed.segments()).isEqualTo(segments);
    assertThat(SpiffeId.of(trustDomain, segments.toArray(String[]::new))).isEqualTo(parsed);
    assertThat(trustDomain.id(path)).isEqualTo(parsed);
    assertThat(TrustDomain.parse(trustDomain.idString())).isEqualTo(trustDomain);
    assertThat(SpiffeId.parse(parsed.toString())).isEqualTo(parsed).hasSameHashCodeAs(parsed);
  }

  @RepeatedTest(500)
  void arbitraryInputParsesFaithfullyOrFailsWithARule(RepetitionInfo info) {
    Random random = new Random(1_000_000L + info.getCurrentRepetition());
    String prefix = random.nextInt(4) == 0 ? "" : "spiffe://";
    // Two thirds of the inputs use only characters a SPIFFE ID may hold, so that many parse.
    String alphabet =
        switch (random.nextInt(3)) {
          case 0 -> NOISE;
          case 1 -> PATH_CHARS + "//";
          default -> TD_CHARS + "/";
        };
    String input = prefix + randomString(random, alphabet, random.nextInt(30));

    SpiffeId id;
    try {
      id = SpiffeId.parse(input);
      PARSED.incrementAndGet();
    } catch (InvalidSpiffeIdException e) {
      assertThat(e.rule()).isNotNull();
      assertThat(e.getMessage()).endsWith(": " + e.rule().description()).doesNotContain("\n");
      return;
    }
    assertThat(id.toString()).isEqualTo(input);
    assertThat(input).startsWith("spiffe://");
    assertThat(input.substring(9)).doesNotContain("//").doesNotEndWith("/");
    assertThat(id.trustDomain().name()).matches("[a-z0-9._-]+");
    assertThat(id.segments()).allSatisfy(s -> assertThat(s).matches("[a-zA-Z0-9._-]+"));
  }

  private static String randomString(Random random, String alphabet, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
