package dev.weft.agent.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.agent.AgentException;
import dev.weft.agent.ErrorCode;
import dev.weft.agent.a2a.A2aMessages;
import dev.weft.agent.a2a.JsonRpcCodes;
import dev.weft.agent.observability.CallObserver;
import dev.weft.identity.spiffeid.SpiffeId;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@code POST /}: JSON-RPC 2.0 with the A2A methods {@code message/send}, {@code message/stream},
 * {@code tasks/get} and {@code tasks/cancel}. Runs on the request's virtual thread.
 */
final class RpcHandler implements Handler {

  static final String DEADLINE_HEADER = "x-weft-deadline-ms";
  static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);
  static final Duration MAX_DEADLINE = Duration.ofMinutes(5);

  /** The name calls of capabilities or methods this agent does not have are observed under. */
  static final String UNKNOWN = "unknown";

  private static final java.util.Set<String> KNOWN_METHODS =
      java.util.Set.of("message/send", "message/stream", "tasks/get", "tasks/cancel");

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final ServerSettings settings;
  private final CallPipeline pipeline;
  private final Calls calls;

  private final ConnectionGuard guard;

  RpcHandler(ServerSettings settings, ConnectionGuard guard) {
    this.settings = settings;
    this.guard = guard;
    this.pipeline = new CallPipeline(settings);
    this.calls = new Calls(settings, pipeline);
  }

  /** One parsed request. */
  record Rpc(JsonNode id, boolean notification, String method, JsonNode params) {}

  @Override
  public void handle(ServerRequest req, ServerResponse res) {
    JsonNode body;
    ConnectionGuard.Read read = guard.reading();
    boolean inTime = true;
    try (InputStream in = req.content().inputStream()) {
      body = settings.bodyReader().readTree(in);
    } catch (StreamConstraintsException e) {
      settings.observer().requestRefused(CallObserver.Refusal.JSON_LIMITS);
      reply(res, NullNode.instance, error(JsonRpcCodes.PARSE_ERROR, "parse error: " + limit(e)));
      return;
    } catch (JsonProcessingException e) {
      body = null;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      inTime = read.close();
    }
    if (!inTime) {
      throw new CloseConnectionException("the request body did not arrive in time");
    }
    if (body == null || body.isMissingNode()) {
      reply(
          res,
          NullNode.instance,
          error(JsonRpcCodes.PARSE_ERROR, "parse error: the body is" + " not valid JSON"));
      return;
    }
    Rpc rpc;
    try {
      rpc = parse(body);
    } catch (RpcException e) {
      JsonNode id = body.path("id");
      reply(res, validId(id) ? id : NullNode.instance, e);
      return;
    }
    String spanName = spanName(rpc);
    SpiffeId peer;
    try {
      peer = CallPipeline.peer(req);
    } catch (RpcException e) {
      answer(res, rpc, e);
      return;
    }
    String traceparent = req.headers().first(HeaderNames.create("traceparent")).orElse(null);
    try (CallObserver.Span span =
        settings.observer().serverCall(spanName, peer.trustDomain().name(), traceparent)) {
      try {
        Duration budget = budget(req);
        pipeline.authenticate(peer, spanName, span.traceId());
        Call call = new Call(peer, span, budget, rpc);
        switch (rpc.method()) {
          case "message/send" -> answer(res, rpc, calls.send(call));
          case "message/stream" -> {
            if (rpc.notification()) {
              calls.send(call);
              answer(res, rpc, JSON.objectNode());
            } else {
              calls.stream(call, res);
            }
          }
          case "tasks/get" -> answer(res, rpc, calls.getTask(call));
          case "tasks/cancel" -> answer(res, rpc, calls.cancelTask(call));
          default ->
              throw new RpcException(
                  JsonRpcCodes.METHOD_NOT_FOUND,
                  ErrorCode.NOT_FOUND,
                  "method not found: " + rpc.method());
        }
      } catch (RpcException e) {
        span.error(e.weftCode());
        answer(res, rpc, e);
      }
    }
  }

  /**
   * Serves one request that came over a fabric session, from {@code peer} (the MLS-authenticated
   * SPIFFE ID of the session's peer, see {@link FabricInbound}): the same steps as {@link #handle}
   * from parsing on (trust domain, peer guards, policy, the capability, the error mapping), with
   * the answer returned instead of written. {@code message/stream} (server-sent events) is not
   * served here.
   *
   * @param deadlineMillis the milliseconds left the caller sent, or null
   * @return the JSON-RPC response, or null for a notification
   */
  ObjectNode serve(SpiffeId peer, JsonNode body, String deadlineMillis, String traceparent) {
    Rpc rpc;
    try {
      rpc = parse(body);
    } catch (RpcException e) {
      JsonNode id = body.path("id");
      return errorResponse(validId(id) ? id : NullNode.instance, e);
    }
    String spanName = spanName(rpc);
    JsonNode result;
    try (CallObserver.Span span =
        settings.observer().serverCall(spanName, peer.trustDomain().name(), traceparent)) {
      try {
        Duration budget = budget(deadlineMillis);
        pipeline.authenticate(peer, spanName, span.traceId());
        Call call = new Call(peer, span, budget, rpc);
        result =
            switch (rpc.method()) {
              case "message/send" -> calls.send(call);
              case "tasks/get" -> calls.getTask(call);
              case "tasks/cancel" -> calls.cancelTask(call);
              case "message/stream" ->
                  throw new RpcException(
                      JsonRpcCodes.METHOD_NOT_FOUND,
                      ErrorCode.NOT_FOUND,
                      "method not found: message/stream is not served over the fabric"
                          + " (expected: message/send)");
              default ->
                  throw new RpcException(
                      JsonRpcCodes.METHOD_NOT_FOUND,
                      ErrorCode.NOT_FOUND,
                      "method not found: " + rpc.method());
            };
      } catch (RpcException e) {
        span.error(e.weftCode());
        return rpc.notification() ? null : errorResponse(rpc.id(), e);
      }
    }
    if (rpc.notification()) {
      return null;
    }
    ObjectNode response = JSON.objectNode().put("jsonrpc", "2.0");
    response.set("id", rpc.id());
    response.set("result", result);
    return response;
  }

  /** A call that passed parsing: who, within which span and deadline, asking what. */
  record Call(SpiffeId caller, CallObserver.Span span, Duration budget, Rpc rpc) {}

  private static Rpc parse(JsonNode body) throws RpcException {
    if (!body.isObject()) {
      throw error(
          JsonRpcCodes.INVALID_REQUEST,
          "invalid request: " + (body.isArray() ? "batches are not supported" : "not an object"));
    }
    if (!"2.0".equals(body.path("jsonrpc").textValue())) {
      throw error(JsonRpcCodes.INVALID_REQUEST, "invalid request: jsonrpc must be \"2.0\"");
    }
    if (!body.path("method").isTextual()) {
      throw error(JsonRpcCodes.INVALID_REQUEST, "invalid request: method must be a string");
    }
    if (body.has("id") && !validId(body.get("id"))) {
      throw error(
          JsonRpcCodes.INVALID_REQUEST, "invalid request: id must be a string, a number or null");
    }
    JsonNode params = body.path("params");
    if (!params.isMissingNode() && !params.isObject()) {
      throw error(JsonRpcCodes.INVALID_PARAMS, "invalid params: params must be an object");
    }
    return new Rpc(
        body.has("id") ? body.get("id") : NullNode.instance,
        !body.has("id"),
        body.get("method").textValue(),
        params.isObject() ? params : JSON.objectNode());
  }

  private static boolean validId(JsonNode id) {
    return id.isTextual() || id.isNumber() || id.isNull();
  }

  /**
   * The name a call is observed under (span name and metric label): a capability this agent
   * declares, one of the A2A methods, or {@link #UNKNOWN}. Never a name the caller made up, so that
   * callers cannot grow the metrics.
   */
  private String spanName(Rpc rpc) {
    if (rpc.method().startsWith("message/")) {
      String name = A2aMessages.capabilityOf(rpc.params().path("message"));
      if (name == null) {
        name = settings.defaultCapability();
      }
      if (name != null && settings.capabilities().containsKey(name)) {
        return name;
      }
      return name == null && KNOWN_METHODS.contains(rpc.method()) ? rpc.method() : UNKNOWN;
    }
    return KNOWN_METHODS.contains(rpc.method()) ? rpc.method() : UNKNOWN;
  }

  /** What a JSON limit that was hit says, with the configuration key that sets it. */
  String limit(StreamConstraintsException e) {
    String what = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    ServerLimits limits = settings.limits();
    if (what.contains("depth")) {
      return "the body nests deeper than "
          + limits.maxJsonDepth()
          + " levels (server.limits.max_json_depth)";
    }
    if (what.startsWith("String") || what.startsWith("Name")) {
      return "the body holds a string longer than "
          + limits.maxJsonStringBytes()
          + " characters (server.limits.max_json_string)";
    }
    return "the body is over the server's JSON limits";
  }

  /**
   * The mapper that parses request bodies: {@code json} with its modules, within the JSON limits of
   * {@code limits} (nesting depth, string and name length, document length).
   */
  static ObjectMapper bodyReader(ObjectMapper json, ServerLimits limits) {
    ObjectMapper reader = json.copy();
    reader
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxJsonDepth())
                .maxStringLength(limits.maxJsonStringBytes())
                .maxNameLength(limits.maxJsonStringBytes())
                .maxDocumentLength(limits.maxBodyBytes())
                .build());
    return reader;
  }

  private Duration budget(ServerRequest req) throws RpcException {
    return budget(req.headers().first(HeaderNames.create(DEADLINE_HEADER)).orElse(null));
  }

  /** The call's budget from the milliseconds left its caller sent; the default when none. */
  Duration budget(String value) throws RpcException {
    if (value == null) {
      return DEFAULT_DEADLINE;
    }
    long millis;
    try {
      millis = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw error(
          JsonRpcCodes.INVALID_REQUEST,
          DEADLINE_HEADER + ": \"" + value + "\" (expected: milliseconds left, an integer)");
    }
    if (millis <= 0) {
      settings.observer().requestRefused(CallObserver.Refusal.DEADLINE_EXCEEDED);
      throw RpcException.of(
          ErrorCode.DEADLINE_EXCEEDED,
          "the call's deadline had passed when it"
              + " arrived ("
              + DEADLINE_HEADER
              + ": "
              + millis
              + "); nothing was run");
    }
    Duration budget = Duration.ofMillis(millis);
    return budget.compareTo(MAX_DEADLINE) > 0 ? MAX_DEADLINE : budget;
  }

  static RpcException error(int code, String message) {
    return new RpcException(code, ErrorCode.fromJsonRpc(code), message);
  }

  private void answer(ServerResponse res, Rpc rpc, JsonNode result) {
    if (rpc.notification()) {
      res.status(Status.NO_CONTENT_204).send();
      return;
    }
    ObjectNode response = JSON.objectNode().put("jsonrpc", "2.0");
    response.set("id", rpc.id());
    response.set("result", result);
    send(res, response);
  }

  private void answer(ServerResponse res, Rpc rpc, RpcException e) {
    if (rpc.notification()) {
      res.status(Status.NO_CONTENT_204).send();
      return;
    }
    reply(res, rpc.id(), e);
  }

  private void reply(ServerResponse res, JsonNode id, RpcException e) {
    send(res, errorResponse(id, e));
  }

  static ObjectNode errorResponse(JsonNode id, RpcException e) {
    ObjectNode response = JSON.objectNode().put("jsonrpc", "2.0");
    response.set("id", id);
    response.set("error", e.toJson());
    return response;
  }

  private void send(ServerResponse res, ObjectNode response) {
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.send(response.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Maps a capability failure to its answer; anything but an AgentException is INTERNAL. */
  static RpcException failure(String capability, Throwable t, org.slf4j.Logger log) {
    if (t instanceof AgentException e) {
      return RpcException.of(e);
    }
    log.warn("capability {} failed", capability, t);
    return RpcException.of(ErrorCode.INTERNAL, "capability " + capability + " failed");
  }
}
