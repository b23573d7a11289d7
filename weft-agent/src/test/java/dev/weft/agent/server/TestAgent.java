package dev.weft.agent.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.agent.AgentException;
import dev.weft.agent.CallContext;
import dev.weft.agent.Capability;
import dev.weft.agent.ErrorCode;
import dev.weft.agent.RequiresPeer;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/** An agent with one capability per behaviour the tests need. */
final class TestAgent {

  /** Parameters bound by Jackson. */
  record Query(String q, int limit) {}

  /** A result written by Jackson. */
  record Hits(String q, List<String> hits, String caller) {}

  final CountDownLatch interrupted = new CountDownLatch(1);
  final CountDownLatch started = new CountDownLatch(1);

  /** Ends {@code slow} without an interrupt. */
  final CountDownLatch release = new CountDownLatch(1);

  /** How many times {@code echo} ran. */
  volatile int echoed;

  @Capability(name = "search", description = "Full-text search", idempotent = true)
  Hits search(Query query, CallContext ctx) {
    return new Hits(
        query.q(),
        Stream.iterate(1, i -> i + 1).limit(query.limit()).map(i -> query.q() + i).toList(),
        ctx.caller().toString());
  }

  @Capability(name = "echo", description = "Echoes its params")
  JsonNode echo(JsonNode params) {
    echoed++;
    return params;
  }

  @Capability(name = "count")
  int count(JsonNode params) {
    return params.size();
  }

  @Capability(name = "nothing")
  void nothing() {}

  @Capability(name = "secret", description = "Denied by the policy")
  String secret() {
    return "never";
  }

  @Capability(name = "admin", description = "Only for orchestrators")
  @RequiresPeer({"spiffe://*/region/*/orchestrator"})
  String admin(CallContext ctx) {
    return "hello " + ctx.caller();
  }

  @Capability(name = "boom")
  String boom() {
    throw new IllegalStateException("database password is hunter2");
  }

  @Capability(name = "refuse")
  String refuse() throws AgentException {
    throw new AgentException(ErrorCode.PERMISSION_DENIED, "not on Sundays");
  }

  @Capability(name = "slow", description = "Blocks until interrupted")
  String slow() {
    started.countDown();
    try {
      release.await();
      return "released";
    } catch (InterruptedException e) {
      interrupted.countDown();
      return "interrupted";
    }
  }

  @Capability(name = "ticks", description = "Streams three partial results")
  Stream<Integer> ticks() {
    return Stream.of(1, 2, 3);
  }
}
