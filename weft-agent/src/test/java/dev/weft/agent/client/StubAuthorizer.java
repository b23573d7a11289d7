package dev.weft.agent.client;

import dev.weft.policy.AuthorizationRequest;
import dev.weft.policy.Authorizer;
import dev.weft.policy.Decision;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An outbound policy that allows everything, or denies with a reason; records the requests. */
final class StubAuthorizer implements Authorizer {
  private final String denyReason;
  final List<AuthorizationRequest> requests = new CopyOnWriteArrayList<>();

  private StubAuthorizer(String denyReason) {
    this.denyReason = denyReason;
  }

  static StubAuthorizer allowAll() {
    return new StubAuthorizer(null);
  }

  static StubAuthorizer denying(String reason) {
    return new StubAuthorizer(reason);
  }

  @Override
  public Decision decide(AuthorizationRequest request) {
    requests.add(request);
    return denyReason == null
        ? new Decision(true, "allowed by test", null, "", Duration.ZERO, "d-" + requests.size())
        : Decision.deny(denyReason, "", Duration.ZERO, "d-" + requests.size());
  }

  @Override
  public void close() {}
}
