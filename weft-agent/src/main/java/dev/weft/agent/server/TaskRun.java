package dev.weft.agent.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.agent.a2a.A2aMessages;
import dev.weft.agent.a2a.TaskState;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code message/stream} call: runs the capability as a task and writes its events as
 * server-sent events, each a JSON-RPC response: a {@code working} status update, one artifact
 * update per partial result (or one for the whole result), and a final status update ({@code
 * completed}, {@code failed} or {@code canceled}, {@code final: true}).
 */
final class TaskRun {

  private static final Logger LOG = LoggerFactory.getLogger(TaskRun.class);
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final ServerSettings settings;
  private final Calls.Admitted admitted;
  private final TaskStore.Task task;
  private final RpcHandler.Call call;
  private OutputStream out;

  TaskRun(
      ServerSettings settings, Calls.Admitted admitted, TaskStore.Task task, RpcHandler.Call call) {
    this.settings = settings;
    this.admitted = admitted;
    this.task = task;
    this.call = call;
  }

  void run(ServerResponse res) {
    String name = admitted.def().name();
    Execution execution =
        Execution.start(
            admitted.def(), admitted.params(), admitted.ctx(), settings.json(), admitted.release());
    task.running(execution);
    res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
    res.header(HeaderNames.CACHE_CONTROL, "no-cache");
    out = res.outputStream();
    try {
      emit(statusUpdate(false));
      String artifactId = UUID.randomUUID().toString();
      int chunks = 0;
      while (true) {
        Execution.Event event;
        try {
          event = Calls.next(execution, admitted.deadlineNanos());
        } catch (RpcException e) {
          fail(e);
          return;
        }
        switch (event) {
          case null -> {
            execution.cancel();
            fail(Calls.deadlineExceeded(name, call.budget()));
            return;
          }
          case Execution.Partial p -> {
            JsonNode part = A2aMessages.dataPart(A2aMessages.asObject(p.value()));
            task.addPart(artifactId, part);
            emit(artifactUpdate(artifactId, part, chunks > 0, false));
            chunks++;
          }
          case Execution.Done d -> {
            JsonNode message = null;
            if (!d.streamed()) {
              JsonNode part = A2aMessages.dataPart(A2aMessages.asObject(d.value()));
              task.addPart(artifactId, part);
              emit(artifactUpdate(artifactId, part, false, true));
              message = A2aMessages.capabilityResult(name, d.value());
            }
            task.transition(TaskState.COMPLETED, message);
            emit(statusUpdate(true));
            return;
          }
          case Execution.Failed f -> {
            if (task.state() == TaskState.CANCELED) {
              emit(statusUpdate(true));
            } else {
              fail(RpcHandler.failure(name, f.error(), LOG));
            }
            return;
          }
          case Execution.Cancelled c -> {
            emit(statusUpdate(true));
            return;
          }
        }
      }
    } catch (UncheckedIOException e) {
      LOG.debug("task {}: the caller went away: {}", task.id, e.toString());
      settings.tasks().cancel(task);
    } finally {
      try {
        out.close();
      } catch (IOException | UncheckedIOException e) {
        LOG.debug("task {}: closing the event stream failed: {}", task.id, e.toString());
      }
    }
  }

  private void fail(RpcException e) {
    call.span().error(e.weftCode());
    ObjectNode message =
        JSON.objectNode()
            .put("kind", "message")
            .put("role", "agent")
            .put("messageId", UUID.randomUUID().toString());
    message.putArray("parts").add(A2aMessages.textPart(e.getMessage()));
    message
        .putObject("metadata")
        .put(A2aMessages.CAPABILITY, admitted.def().name())
        .put(A2aMessages.ERROR, e.weftCode().name());
    task.transition(TaskState.FAILED, message);
    emit(statusUpdate(true));
  }

  private ObjectNode statusUpdate(boolean last) {
    ObjectNode event =
        JSON.objectNode()
            .put("kind", "status-update")
            .put("taskId", task.id)
            .put("contextId", task.contextId);
    event.set("status", task.status());
    event.put("final", last);
    event.putObject("metadata").put(A2aMessages.CAPABILITY, admitted.def().name());
    return event;
  }

  private ObjectNode artifactUpdate(
      String artifactId, JsonNode part, boolean append, boolean lastChunk) {
    ObjectNode event =
        JSON.objectNode()
            .put("kind", "artifact-update")
            .put("taskId", task.id)
            .put("contextId", task.contextId);
    ObjectNode artifact = event.putObject("artifact").put("artifactId", artifactId);
    artifact.putArray("parts").add(part);
    return event.put("append", append).put("lastChunk", lastChunk);
  }

  private void emit(ObjectNode result) {
    ObjectNode response = JSON.objectNode().put("jsonrpc", "2.0");
    response.set("id", call.rpc().id());
    response.set("result", result);
    write(response);
  }

  /** Writes one event; an error before the stream started goes the same way. */
  static void writeEvent(OutputStream out, ObjectNode response) {
    try {
      out.write(("data: " + response + "\n\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void write(ObjectNode response) {
    writeEvent(out, response);
  }
}
