package dev.weft.policy.opa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.policy.AuthorizationRequest;
import dev.weft.policy.Decision;
import dev.weft.policy.DecisionLog;
import dev.weft.policy.DecisionPath;
import dev.weft.policy.DecisionPoint;
import dev.weft.testing.MutableClock;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fake OPA, a hand-moved clock and a decision log in memory, for each test. */
abstract class OpaTestSupport {

  static final String PATH = "agentweave/authz/federated";
  static final ObjectMapper JSON = new ObjectMapper();

  FakeOpa opa;
  final MutableClock clock = MutableClock.startingNow();
  final StringWriter logged = new StringWriter();
  final DecisionLog log = DecisionLog.jsonLines(logged, List.of());

  @BeforeEach
  void startOpa() throws Exception {
    opa = new FakeOpa();
  }

  @AfterEach
  void stopOpa() throws Exception {
    opa.close();
    log.close();
  }

  static AuthorizationRequest request(String caller, String action) {
    return AuthorizationRequest.builder(
            SpiffeId.parse(caller), SpiffeId.parse("spiffe://aws.company.com/agent/search"), action)
        .build();
  }

  OpaConfig.Builder config() {
    return OpaConfig.builder(opa.url(), PATH);
  }

  OpaAuthorizer authorizer(OpaConfig.Builder config) {
    return OpaAuthorizer.create(config.build(), clock);
  }

  /** {@code authorizer}'s decision on {@code request}, audited in the log under {@link #PATH}. */
  Decision audited(OpaAuthorizer authorizer, AuthorizationRequest request) {
    return DecisionPoint.create(authorizer, log, clock).decide(DecisionPath.parse(PATH), request);
  }

  List<JsonNode> logLines() throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : logged.toString().split("\n")) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }
}
