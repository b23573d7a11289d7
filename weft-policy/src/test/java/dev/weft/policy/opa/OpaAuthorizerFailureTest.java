package dev.weft.policy.opa;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.policy.Decision;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Every way the OPA exchange can fail denies, with a reason naming the server and the trouble. */
class OpaAuthorizerFailureTest extends OpaTestSupport {

  Decision decideOnce(OpaConfig.Builder config) {
    try (OpaAuthorizer authorizer = authorizer(config)) {
      return audited(authorizer, request("spiffe://gcp.company.com/agent/search", "search"));
    }
  }

  void assertDenied(Decision d, String reason) {
    assertThat(d.allowed()).isFalse();
    assertThat(d.result()).isNull();
    assertThat(d.reason()).isEqualTo(reason);
  }

  @Test
  void anOpaErrorAnswerDeniesWithItsCodeAndMessage() {
    opa.answer(
        500,
        "{\"code\":\"internal_error\",\"message\":\"eval_conflict_error: complete rules must not"
            + " produce multiple outputs\"}");

    assertDenied(
        decideOnce(config()),
        "denied: OPA "
            + opa.url()
            + " answered HTTP 500: internal_error: eval_conflict_error:"
            + " complete rules must not produce multiple outputs");
  }

  @Test
  void aLongErrorMessageIsCutAndControlCharactersEscaped() {
    opa.answer(
        400, "{\"code\":\"invalid_parameter\",\"message\":\"a\\nb" + "x".repeat(500) + "\"}");

    assertDenied(
        decideOnce(config()),
        "denied: OPA "
            + opa.url()
            + " answered HTTP 400: invalid_parameter: a\\u000ab"
            + "x".repeat(197)
            + "...");
  }

  @Test
  void anErrorAnswerThatIsNotJsonIsNotQuoted() {
    opa.answer(502, "<html>bad gateway: secret-upstream-name</html>");

    Decision d = decideOnce(config());

    assertDenied(d, "denied: OPA " + opa.url() + " answered HTTP 502");
  }

  @Test
  void aSuccessBodyThatIsNotJsonDenies() {
    opa.answer(200, "not json");

    assertDenied(
        decideOnce(config()),
        "denied: OPA "
            + opa.url()
            + " answered HTTP 200 with a body that is not a JSON object"
            + " (8 bytes)");
  }

  @Test
  void aSuccessBodyThatIsNotAnObjectDenies() {
    opa.answer(200, "[true]");

    assertDenied(
        decideOnce(config()),
        "denied: OPA "
            + opa.url()
            + " answered HTTP 200 with a body that is not a JSON object"
            + " (6 bytes)");
  }

  @Test
  void aResultThatIsNeitherBooleanNorObjectDenies() {
    opa.answer(200, "{\"result\":\"yes\"}");

    Decision d = decideOnce(config());

    assertThat(d.allowed()).isFalse();
    assertThat(d.reason())
        .isEqualTo(
            "denied by agentweave/authz/federated: the result is a string (expected: a boolean,"
                + " or an object with a boolean allow)");
  }

  @Test
  void anAnswerOverOneMebibyteDenies() {
    byte[] big = new byte[2 << 20];
    Arrays.fill(big, (byte) ' ');
    System.arraycopy("{\"result\":true}".getBytes(StandardCharsets.UTF_8), 0, big, 0, 15);
    opa.answerBytes(200, big);

    assertDenied(
        decideOnce(config()),
        "denied: OPA " + opa.url() + " answered with more than 1048576 bytes");
  }

  @Test
  void theOneMebibyteCapHoldsWhileTheAnswerStreamsNotAfterItEnds() {
    opa.streamEndlessly(2 << 20); // 2 MiB of an answer that never ends

    // A client that read the whole answer before checking its size would wait out the timeout.
    assertDenied(
        decideOnce(config().requestTimeout(Duration.ofSeconds(30))),
        "denied: OPA " + opa.url() + " answered with more than 1048576 bytes");
  }

  @Test
  void aServerThatDoesNotAnswerInTimeDenies() {
    opa.block();

    assertDenied(
        decideOnce(config().requestTimeout(Duration.ofMillis(200))),
        "denied: OPA " + opa.url() + " did not answer within PT0.2S");
  }

  @Test
  void aServerThatIsDownDenies() {
    String url = opa.url();
    opa.close();

    Decision d = decideOnce(OpaConfig.builder(url, PATH));

    assertThat(d.allowed()).isFalse();
    assertThat(d.reason()).isEqualTo("denied: could not connect to OPA " + url);
  }

  @Test
  void aClosedAuthorizerDeniesWithoutAsking() {
    OpaAuthorizer authorizer = authorizer(config());
    authorizer.close();

    Decision d = authorizer.decide(request("spiffe://gcp.company.com/agent/search", "search"));

    assertDenied(d, "denied: the authorizer is closed");
    assertThat(opa.received()).isEmpty();
  }

  @Test
  void failuresAreLoggedAsDenials() throws Exception {
    opa.answer(500, "{}");

    Decision d = decideOnce(config());

    JsonNode line = logLines().getFirst();
    assertThat(line.get("decision_id").asText()).isEqualTo(d.decisionId());
    assertThat(line.get("allowed").asBoolean()).isFalse();
    assertThat(line.get("reason").asText()).isEqualTo(d.reason());
    assertThat(line.has("result")).isFalse();
    assertThat(line.get("path").asText()).isEqualTo(PATH);
  }
}
