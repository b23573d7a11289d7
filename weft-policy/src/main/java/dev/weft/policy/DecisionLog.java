package dev.weft.policy;

import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.Value;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where decisions are recorded, one {@link Entry} per decision, for audit and offline debugging. A
 * {@link DecisionPoint} writes the entries; authorizers write none.
 *
 * <p>{@link #jsonLines} writes each entry as one JSON object on its own line, with the field names
 * of OPA's decision log events:
 *
 * <pre>{@code
 * {"decision_id":"4ca636c1-...","timestamp":"2026-11-02T10:15:30.123456789Z",
 *  "path":"agentweave/authz/federated","input":{...},"result":{"allow":true},
 *  "allowed":true,"reason":"allowed by agentweave/authz/federated","revision":"sha256:...",
 *  "trace_id":"4bf9...","metrics":{"timer_rego_query_eval_ns":51234,"timer_server_handler_ns":60321},
 *  "masked":["/input/request/token"]}
 * }</pre>
 *
 * {@code result} is absent when the result was undefined or could not be obtained, {@code trace_id}
 * when the request had none, and {@code masked} when nothing was masked. {@code allowed}, {@code
 * reason} and {@code revision} are Weft's additions.
 *
 * <p>Implementations are thread-safe; {@link #record} never throws (a failed write is reported in
 * the application log, without the entry's content, and the decision stands).
 */
public interface DecisionLog extends AutoCloseable {

  /** What a masked value is replaced with. */
  String MASKED = "**masked**";

  /** Records one decision. Thread-safe; never throws. */
  void record(Entry entry);

  /** Closes what this log writes to. */
  @Override
  void close() throws IOException;

  /** A log that records nothing. */
  static DecisionLog noop() {
    return NoopDecisionLog.INSTANCE;
  }

  /**
   * A log writing JSON lines to {@code out}, which it owns (closing the log closes it). Each line
   * is flushed as it is written.
   *
   * @param mask JSON pointers (RFC 6901) of values to replace with {@link #MASKED} before writing,
   *     each starting with {@code /input} or {@code /result}, e.g. {@code /input/request/password}
   *     or {@code /input/users/0/token}; a pointer to nothing is ignored
   * @throws IllegalArgumentException for a pointer outside {@code /input} and {@code /result}, e.g.
   *     {@code mask: "/path" (expected: a JSON pointer starting with /input or /result)}
   */
  static DecisionLog jsonLines(Writer out, List<String> mask) {
    return new JsonLinesDecisionLog(out, JsonPointers.parseAll(mask), "the decision log writer");
  }

  /**
   * A log appending JSON lines to {@code file} (created if missing).
   *
   * @throws IOException if the file cannot be opened for appending
   * @see #jsonLines(Writer, List)
   */
  static DecisionLog jsonLines(Path file, List<String> mask) throws IOException {
    List<JsonPointers.Pointer> pointers = JsonPointers.parseAll(mask);
    Writer out =
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    return new JsonLinesDecisionLog(out, pointers, file.toString());
  }

  /**
   * One decision.
   *
   * @param timestamp when the decision was made
   * @param decisionId the decision's unique ID ({@link Decision#decisionId()})
   * @param path the decision path, slash form
   * @param input the input document
   * @param result the policy's result, or null when undefined or not obtained
   * @param allowed whether the call was allowed
   * @param reason the decision's reason
   * @param revision the policy revision, empty when unknown
   * @param traceId the W3C trace ID of the call, or null
   * @param metrics timers ({@code timer_..._ns}) and counters, by name
   */
  record Entry(
      Instant timestamp,
      String decisionId,
      String path,
      ObjectValue input,
      Value result,
      boolean allowed,
      String reason,
      String revision,
      String traceId,
      Map<String, Long> metrics) {

    /** Validates the entry and copies the metrics (sorted by name). */
    public Entry {
      Objects.requireNonNull(timestamp, "timestamp");
      Objects.requireNonNull(decisionId, "decisionId");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(input, "input");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(revision, "revision");
      metrics = java.util.Collections.unmodifiableMap(new TreeMap<>(metrics));
    }

    /**
     * The entry for {@code decision} on {@code request}: its metrics are the decision's ({@link
     * Decision#metrics()}) and {@code timer_server_handler_ns}, the decision's whole duration, as
     * OPA names a request's total time.
     */
    public static Entry of(
        Instant timestamp, DecisionPath path, AuthorizationRequest request, Decision decision) {
      Map<String, Long> all = new TreeMap<>(decision.metrics());
      all.put("timer_server_handler_ns", decision.duration().toNanos());
      return new Entry(
          timestamp,
          decision.decisionId(),
          path.slashPath(),
          request.input(),
          decision.result(),
          decision.allowed(),
          decision.reason(),
          decision.revision(),
          request.traceId(),
          all);
    }
  }
}
