package dev.weft.policy;

import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.text.Quotes;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What Weft asks the policy about one call: who calls whom to do what. {@link #input()} is the
 * {@code input} document the policy sees:
 *
 * <pre>{@code
 * {
 *   "caller_spiffe_id": "spiffe://aws.company.com/agent/orchestrator",
 *   "callee_spiffe_id": "spiffe://gcp.company.com/agent/search",
 *   "action": "search",
 *   "caller": {"spiffe_id": "spiffe://aws.company.com/agent/orchestrator",
 *              "trust_domain": "aws.company.com", "path": "/agent/orchestrator"},
 *   "agent":  {"spiffe_id": "spiffe://gcp.company.com/agent/search",
 *              "trust_domain": "gcp.company.com", "path": "/agent/search"},
 *   "request": {"method": "search", ...request fields},
 *   "context": {"time": "2026-11-02T10:15:30.123Z", "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"},
 *   ...extra fields
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@code caller_spiffe_id}: the SPIFFE ID of the peer making the call, as its SVID proved it
 *       (mTLS client certificate or JWT-SVID subject);
 *   <li>{@code callee_spiffe_id}: the SPIFFE ID of the workload being called (the one deciding);
 *   <li>{@code action}: the capability the caller invokes;
 *   <li>{@code caller}: the caller's ID, its trust domain name, and its path ({@code ""} for a
 *       trust domain's own ID);
 *   <li>{@code agent}: the same three fields for the callee agent;
 *   <li>{@code request}: the call itself; {@code method} is the operation requested (by default the
 *       action), plus any {@linkplain Builder#requestField request fields};
 *   <li>{@code context}: present when a time or trace ID is set: {@code time} is when the call
 *       arrived, RFC 3339 in UTC; {@code trace_id} the W3C trace-context trace ID of the call;
 *   <li>anything else: {@linkplain Builder#extra extra fields} at the top level.
 * </ul>
 *
 * <p>Every field of the context makes an input unique, so an external OPA's decision cache only
 * helps requests that leave them out.
 */
public final class AuthorizationRequest {

  private static final Set<String> RESERVED =
      Set.of(
          "caller_spiffe_id",
          "callee_spiffe_id",
          "action",
          "caller",
          "agent",
          "request",
          "context");
  private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");

  private final SpiffeId caller;
  private final SpiffeId callee;
  private final String action;
  private final ObjectValue input;

  private AuthorizationRequest(Builder b) {
    this.caller = b.caller;
    this.callee = b.callee;
    this.action = b.action;
    ObjectValue.Builder request = ObjectValue.builder();
    request.put("method", StringValue.of(b.method == null ? b.action : b.method));
    b.requestFields.asMap().forEach(request::put);
    ObjectValue.Builder in =
        ObjectValue.builder()
            .put("caller_spiffe_id", StringValue.of(caller.toString()))
            .put("callee_spiffe_id", StringValue.of(callee.toString()))
            .put("action", StringValue.of(action))
            .put("caller", identity(caller))
            .put("agent", identity(callee))
            .put("request", request.build());
    ObjectValue.Builder context = ObjectValue.builder();
    if (b.time != null) {
      context.put("time", StringValue.of(b.time.toString()));
    }
    if (b.traceId != null) {
      context.put("trace_id", StringValue.of(b.traceId));
    }
    ObjectValue contextObject = context.build();
    if (contextObject.size() > 0) {
      in.put("context", contextObject);
    }
    b.extra.asMap().forEach(in::put);
    this.input = in.build();
  }

  /** A builder for a call from {@code caller} to {@code callee} invoking {@code action}. */
  public static Builder builder(SpiffeId caller, SpiffeId callee, String action) {
    return new Builder(caller, callee, action);
  }

  /** The caller's SPIFFE ID. */
  public SpiffeId caller() {
    return caller;
  }

  /** The callee's SPIFFE ID. */
  public SpiffeId callee() {
    return callee;
  }

  /** The capability invoked. */
  public String action() {
    return action;
  }

  /** The W3C trace ID of the call, or null; written to the decision log as {@code trace_id}. */
  public String traceId() {
    Value context = input.get("context");
    Value id = context instanceof ObjectValue o ? o.get("trace_id") : null;
    return id instanceof StringValue s ? s.value() : null;
  }

  /** The input document, as described in the class comment. */
  public ObjectValue input() {
    return input;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuthorizationRequest other && input.equals(other.input);
  }

  @Override
  public int hashCode() {
    return input.hashCode();
  }

  /** {@code caller -> callee: action}, without the free-form fields (they may be secret). */
  @Override
  public String toString() {
    return caller + " -> " + callee + ": " + action;
  }

  private static ObjectValue identity(SpiffeId id) {
    return ObjectValue.builder()
        .put("spiffe_id", StringValue.of(id.toString()))
        .put("trust_domain", StringValue.of(id.trustDomain().name()))
        .put("path", StringValue.of(id.path()))
        .build();
  }

  private static String name(String field, String value, String expected) {
    Objects.requireNonNull(value, field);
    if (value.isBlank() || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException(
          field + ": " + Quotes.of(value) + " (expected: " + expected + ")");
    }
    return value;
  }

  /** Builds an {@link AuthorizationRequest}; each method checks its argument at once. */
  public static final class Builder {
    private final SpiffeId caller;
    private final SpiffeId callee;
    private final String action;
    private String method;
    private ObjectValue requestFields = ObjectValue.EMPTY;
    private ObjectValue extra = ObjectValue.EMPTY;
    private Instant time;
    private String traceId;

    private Builder(SpiffeId caller, SpiffeId callee, String action) {
      this.caller = Objects.requireNonNull(caller, "caller");
      this.callee = Objects.requireNonNull(callee, "callee");
      this.action = name("action", action, "a capability name without control characters");
    }

    /** The operation requested, {@code input.request.method}; default the action. */
    public Builder method(String newMethod) {
      this.method = name("method", newMethod, "a method name without control characters");
      return this;
    }

    /**
     * Adds a field to {@code input.request} (any name but {@code method}); a later call with the
     * same name replaces the value.
     */
    public Builder requestField(String field, Value value) {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(value, "value");
      if (field.equals("method")) {
        throw new IllegalArgumentException(
            "request field: \"method\" (expected: another name; set the method with method())");
      }
      requestFields = with(requestFields, field, value);
      return this;
    }

    /**
     * Adds a field at the top level of the input; a later call with the same name replaces the
     * value.
     *
     * @throws IllegalArgumentException for a name the input already defines, e.g. {@code extra
     *     field: "caller" (expected: a name other than action, agent, ...)}
     */
    public Builder extra(String field, Value value) {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(value, "value");
      if (RESERVED.contains(field)) {
        throw new IllegalArgumentException(
            "extra field: "
                + Quotes.of(field)
                + " (expected: a name other than "
                + String.join(", ", new TreeSet<>(RESERVED))
                + ")");
      }
      extra = with(extra, field, value);
      return this;
    }

    /** When the call arrived: {@code input.context.time}; default absent. */
    public Builder time(Instant newTime) {
      this.time = Objects.requireNonNull(newTime, "time");
      return this;
    }

    /** The W3C trace-context trace ID: {@code input.context.trace_id}; default absent. */
    public Builder traceId(String newTraceId) {
      Objects.requireNonNull(newTraceId, "traceId");
      if (!TRACE_ID.matcher(newTraceId).matches() || newTraceId.chars().allMatch(c -> c == '0')) {
        throw new IllegalArgumentException(
            "traceId: "
                + Quotes.of(newTraceId)
                + " (expected: 32 lowercase hex digits, not all zero, as in W3C trace-context)");
      }
      this.traceId = newTraceId;
      return this;
    }

    /** The request. */
    public AuthorizationRequest build() {
      return new AuthorizationRequest(this);
    }

    private static ObjectValue with(ObjectValue object, String field, Value value) {
      ObjectValue.Builder b = ObjectValue.builder();
      object.asMap().forEach(b::put);
      return b.put(field, value).build();
    }
  }
}
