package dev.weft.agent.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.agent.ErrorCode;
import dev.weft.agent.a2a.A2aMessages;
import dev.weft.agent.a2a.JsonRpcCodes;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The A2A methods, after the request has been parsed and its peer authenticated. */
final class Calls {

  private static final Logger LOG = LoggerFactory.getLogger(Calls.class);
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final ServerSettings settings;
  private final CallPipeline pipeline;

  Calls(ServerSettings settings, CallPipeline pipeline) {
    this.settings = settings;
    this.pipeline = pipeline;
  }

  /**
   * A capability call admitted by the pipeline, ready to run, holding one of {@code
   * server.limits.max_concurrent_calls} permits: {@link Execution} returns it when the capability's
   * thread ends.
   */
  record Admitted(
      CapabilityDef def,
      JsonNode params,
      ServerCallContext ctx,
      long deadlineNanos,
      Runnable release) {}

  /** {@code message/send}: runs the capability and answers its result as an agent Message. */
  JsonNode send(RpcHandler.Call call) throws RpcException {
    Admitted admitted = admit(call);
    String name = admitted.def().name();
    Execution execution =
        Execution.start(
            admitted.def(), admitted.params(), admitted.ctx(), settings.json(), admitted.release());
    ArrayNode partials = JSON.arrayNode();
    while (true) {
      Execution.Event event = next(execution, admitted.deadlineNanos());
      switch (event) {
        case null -> {
          execution.cancel();
          throw deadlineExceeded(name, call.budget());
        }
        case Execution.Partial p -> partials.add(p.value());
        case Execution.Done d -> {
          return A2aMessages.capabilityResult(name, d.streamed() ? partials : d.value());
        }
        case Execution.Failed f -> throw RpcHandler.failure(name, f.error(), LOG);
        case Execution.Cancelled c ->
            throw RpcException.of(ErrorCode.CANCELLED, "capability " + name + " was cancelled");
      }
    }
  }

  /** {@code message/stream}: runs the capability as a task and answers server-sent events. */
  void stream(RpcHandler.Call call, ServerResponse res) throws RpcException {
    Admitted admitted = admit(call);
    TaskStore.Task task;
    try {
      task =
          settings
              .tasks()
              .create(
                  call.caller(),
                  admitted.def().name(),
                  call.rpc().params().path("message").path("contextId").textValue());
    } catch (dev.weft.agent.AgentException e) {
      admitted.release().run();
      throw RpcException.of(e);
    }
    new TaskRun(settings, admitted, task, call).run(res);
  }

  /** {@code tasks/get}: the task, if the caller started it. */
  JsonNode getTask(RpcHandler.Call call) throws RpcException {
    return task(call).toJson();
  }

  /** {@code tasks/cancel}: cancels a running task the caller started. */
  JsonNode cancelTask(RpcHandler.Call call) throws RpcException {
    TaskStore.Task task = task(call);
    if (!settings.tasks().cancel(task)) {
      throw new RpcException(
          JsonRpcCodes.TASK_NOT_CANCELABLE,
          ErrorCode.INVALID_ARGUMENT,
          "task " + task.id + " cannot be canceled: it is " + task.state().wireName());
    }
    return task.toJson();
  }

  private TaskStore.Task task(RpcHandler.Call call) throws RpcException {
    JsonNode id = call.rpc().params().path("id");
    if (!id.isTextual()) {
      throw RpcHandler.error(
          JsonRpcCodes.INVALID_PARAMS, "invalid params: params.id (expected: a task id string)");
    }
    TaskStore.Task task = settings.tasks().find(id.textValue(), call.caller());
    if (task == null) {
      throw new RpcException(
          JsonRpcCodes.TASK_NOT_FOUND, ErrorCode.NOT_FOUND, "task not found: " + id.textValue());
    }
    return task;
  }

  private Admitted admit(RpcHandler.Call call) throws RpcException {
    JsonNode message = call.rpc().params().path("message");
    if (!message.isObject() || !message.path("parts").isArray()) {
      throw RpcHandler.error(
          JsonRpcCodes.INVALID_PARAMS,
          "invalid params: params.message (expected: an A2A Message with parts)");
    }
    String name = A2aMessages.capabilityOf(message);
    if (name == null) {
      name = settings.defaultCapability();
      if (name == null) {
        throw RpcException.of(
            ErrorCode.NOT_FOUND,
            "capability not found: the message names none and there is no" + " default capability");
      }
    }
    CapabilityDef def = settings.capabilities().get(name);
    if (def == null) {
      throw RpcException.of(ErrorCode.NOT_FOUND, "capability not found: " + name);
    }
    JsonNode params = paramsOf(message);
    if (!params.isObject()) {
      throw RpcHandler.error(
          JsonRpcCodes.INVALID_PARAMS,
          "invalid params for capability " + name + ": the data part must be a JSON object");
    }
    pipeline.authorize(call.caller(), def, call.span().traceId());
    if (!settings.calls().tryAcquire()) {
      settings
          .observer()
          .requestRefused(dev.weft.agent.observability.CallObserver.Refusal.CONCURRENCY_LIMIT);
      throw RpcException.of(
          ErrorCode.RESOURCE_EXHAUSTED,
          settings.limits().maxConcurrentCalls()
              + " calls are running, the most this agent runs at once"
              + " (server.limits.max_concurrent_calls); try again later");
    }
    java.util.concurrent.atomic.AtomicBoolean released =
        new java.util.concurrent.atomic.AtomicBoolean();
    Runnable release =
        () -> {
          if (released.compareAndSet(false, true)) {
            settings.calls().release();
          }
        };
    ServerCallContext ctx =
        new ServerCallContext(
            call.caller(),
            name,
            settings.clock().instant().plus(call.budget()),
            call.span().traceId(),
            call.span().traceparent(),
            settings.client());
    long deadline = System.nanoTime() + call.budget().toNanos();
    return new Admitted(def, params, ctx, deadline, release);
  }

  /**
   * The params of a message: its first data part; else {@code {"text": ...}} of its text parts
   * concatenated; else {@code {}}.
   */
  static JsonNode paramsOf(JsonNode message) {
    JsonNode data = A2aMessages.firstData(message);
    if (data != null) {
      return data;
    }
    StringBuilder text = new StringBuilder();
    boolean any = false;
    for (JsonNode part : message.path("parts")) {
      if ("text".equals(part.path("kind").asText()) && part.path("text").isTextual()) {
        text.append(part.get("text").textValue());
        any = true;
      }
    }
    ObjectNode params = JSON.objectNode();
    return any ? params.put("text", text.toString()) : params;
  }

  static Execution.Event next(Execution execution, long deadlineNanos) throws RpcException {
    try {
      return execution.next(deadlineNanos);
    } catch (InterruptedException e) {
      execution.cancel();
      Thread.currentThread().interrupt();
      throw RpcException.of(ErrorCode.CANCELLED, "the server is shutting down");
    }
  }

  static RpcException deadlineExceeded(String capability, Duration budget) {
    return RpcException.of(
        ErrorCode.DEADLINE_EXCEEDED,
        "capability " + capability + " exceeded its deadline of " + budget.toMillis() + " ms");
  }
}
