package dev.weft.agent.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.agent.AgentException;
import dev.weft.agent.ErrorCode;
import dev.weft.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** callWithFallback over real servers and a closed port. */
class FallbackTest {
  private final TestPki a = TestPki.create("a.org");
  private final MutableClock clock = MutableClock.startingNow();
  private final RecordingObserver observer = new RecordingObserver();
  private final FixtureServer first;
  private final FixtureServer second;
  private MeshClient client;

  FallbackTest() throws Exception {
    first = FixtureServer.start(a.source("/agent/first"));
    second = FixtureServer.start(a.source("/agent/second"));
  }

  private MeshClient client(AgentRegistry.Entry... entries) {
    client =
        Agents.client(
            ClientConfig.builder(a.source("/agent/client"), StubAuthorizer.allowAll())
                .registry(AgentRegistry.of(List.of(entries)))
                .clock(clock)
                .observer(observer)
                .retry(RetryPolicy.none())
                .build());
    return client;
  }

  private AgentRegistry.Entry entry(String name, URI address, String group) {
    return new AgentRegistry.Entry(
        name, a.id("/agent/" + name), address, Optional.ofNullable(group));
  }

  private static ObjectNode params() {
    return FixtureServer.JSON.createObjectNode().put("q", "x");
  }

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
    first.close();
    second.close();
  }

  @Test
  void movesOnToTheNextEntryWhenTheFirstIsDown() throws Exception {
    URI down = AgentClientTest.closedPort();
    MeshClient c = client(entry("first", down, null), entry("second", second.address(), null));

    assertThat(
            c.callWithFallback(List.of("first", "second"), "search", params())
                .path("capability")
                .asText())
        .isEqualTo("search");
    assertThat(second.requests()).hasSize(1);
  }

  @Test
  void movesOnWhenTheFirstPresentsTheWrongIdentity() throws Exception {
    // "first" is registered with the SPIFFE ID of "second", so its server fails the exact-ID check
    MeshClient c =
        client(
            new AgentRegistry.Entry(
                "first", a.id("/agent/second"), first.address(), Optional.empty()),
            entry("second", second.address(), null));

    c.callWithFallback(List.of("first", "second"), "search", params());

    assertThat(first.requests()).isEmpty();
    assertThat(second.requests()).hasSize(1);
  }

  @Test
  void anAnswerOtherThanUnavailabilityEndsTheAttempt() throws Exception {
    first.then(FixtureServer.error(ErrorCode.PERMISSION_DENIED, "denied by policy"));
    MeshClient c =
        client(entry("first", first.address(), null), entry("second", second.address(), null));

    assertThatThrownBy(() -> c.callWithFallback(List.of("first", "second"), "search", params()))
        .isInstanceOfSatisfying(
            AgentException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED))
        .hasMessage("denied by policy");
    assertThat(second.requests()).isEmpty();
  }

  @Test
  void whenAllFailTheLastFailureIsThrown() throws Exception {
    first.then(FixtureServer.error(ErrorCode.UNAVAILABLE, "first is overloaded"));
    second.then(FixtureServer.error(ErrorCode.DEADLINE_EXCEEDED, "second ran out of time"));
    MeshClient c =
        client(entry("first", first.address(), null), entry("second", second.address(), null));

    assertThatThrownBy(() -> c.callWithFallback(List.of("first", "second"), "search", params()))
        .isInstanceOfSatisfying(
            AgentException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED))
        .hasMessage("second ran out of time");
  }

  @Test
  void unknownNamesAndEmptyListsAreRefusedBeforeAnyCall() {
    MeshClient c = client(entry("first", first.address(), null));

    assertThatThrownBy(() -> c.callWithFallback(List.of("first", "nope"), "search", params()))
        .isInstanceOfSatisfying(
            AgentException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
        .hasMessage("agent \"nope\" is not in the registry AgentRegistry[first]");
    assertThatThrownBy(() -> c.callWithFallback(List.of(), "search", params()))
        .isInstanceOfSatisfying(
            AgentException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessage("registryNames: [] (expected: at least one agent name)");
    assertThat(first.requests()).isEmpty();
  }

  @Test
  void withinAGroupTheFasterEntryIsTriedFirst() throws Exception {
    // the servers move the test clock: "first" answers in 50 ms, "second" in 5 ms
    first.onRequest(() -> clock.advance(Duration.ofMillis(50)));
    second.onRequest(() -> clock.advance(Duration.ofMillis(5)));
    MeshClient c =
        client(
            entry("first", first.address(), "search"), entry("second", second.address(), "search"));
    List<String> names = List.of("first", "second");

    c.callWithFallback(names, "search", params()); // both unmeasured: registry order
    c.callWithFallback(names, "search", params()); // "second" unmeasured yet: tried before 50 ms
    c.callWithFallback(names, "search", params());
    c.callWithFallback(names, "search", params());

    assertThat(first.requests()).hasSize(1);
    assertThat(second.requests()).hasSize(3);
    assertThat(observer.latencies)
        .containsExactly(
            "spiffe://a.org/agent/first 50ms",
            "spiffe://a.org/agent/second 5ms",
            "spiffe://a.org/agent/second 5ms",
            "spiffe://a.org/agent/second 5ms");
  }

  @Test
  void groupsKeepThePlaceOfTheirFirstMember() throws Exception {
    first.onRequest(() -> clock.advance(Duration.ofMillis(50)));
    second.onRequest(() -> clock.advance(Duration.ofMillis(5)));
    List<AgentRegistry.Entry> entries =
        List.of(
            entry("first", first.address(), "g"),
            entry("solo", AgentClientTest.closedPort(), null),
            entry("second", second.address(), "g"));
    MeshClient c = client(entries.toArray(AgentRegistry.Entry[]::new));
    c.call("first", "search", params());
    c.call("second", "search", params());

    assertThat(((DefaultAgentClient) c).order(entries))
        .extracting(AgentRegistry.Entry::name)
        .containsExactly("second", "first", "solo");
  }
}
