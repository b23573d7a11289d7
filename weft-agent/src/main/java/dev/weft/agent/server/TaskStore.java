package dev.weft.agent.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.weft.agent.AgentException;
import dev.weft.agent.ErrorCode;
import dev.weft.agent.a2a.A2aMessages;
import dev.weft.agent.a2a.TaskState;
import dev.weft.identity.spiffeid.SpiffeId;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The tasks started by {@code message/stream}, in memory and bounded: when full, the oldest ended
 * task is forgotten; when every task is still running, a new one is refused. A task is visible only
 * to the caller that started it. Thread-safe: one lock guards the map and every task.
 */
final class TaskStore {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final int capacity;
  private final Clock clock;
  private final Object lock = new Object();

  /** In creation order. */
  @GuardedBy("lock")
  private final Map<String, Task> tasks = new LinkedHashMap<>();

  TaskStore(int capacity, Clock clock) {
    this.capacity = capacity;
    this.clock = clock;
  }

  /** One task; its fields are guarded by the store's lock. */
  final class Task {
    final String id = UUID.randomUUID().toString();
    final String contextId;
    final SpiffeId owner;
    final String capability;

    @GuardedBy("TaskStore.this.lock")
    private TaskState state = TaskState.WORKING;

    @GuardedBy("TaskStore.this.lock")
    private String timestamp;

    @GuardedBy("TaskStore.this.lock")
    private JsonNode statusMessage;

    @GuardedBy("TaskStore.this.lock")
    private final ArrayNode artifacts = JSON.arrayNode();

    @GuardedBy("TaskStore.this.lock")
    private Execution execution;

    private Task(SpiffeId owner, String capability, String contextId) {
      this.owner = owner;
      this.capability = capability;
      this.contextId = contextId;
      this.timestamp = clock.instant().toString();
    }

    /** Attaches the running invocation, so that a cancel can interrupt it. */
    void running(Execution newExecution) {
      synchronized (lock) {
        this.execution = newExecution;
      }
    }

    /**
     * Moves to {@code next} with an optional status message, unless the task has already ended.
     *
     * @return whether the state changed
     */
    boolean transition(TaskState next, JsonNode message) {
      synchronized (lock) {
        if (state.terminal()) {
          return false;
        }
        state = next;
        statusMessage = message;
        timestamp = clock.instant().toString();
        return true;
      }
    }

    TaskState state() {
      synchronized (lock) {
        return state;
      }
    }

    /** The running invocation, if attached. */
    Execution execution() {
      synchronized (lock) {
        return execution;
      }
    }

    /** Appends {@code part} to the artifact {@code artifactId}, creating it on first use. */
    void addPart(String artifactId, JsonNode part) {
      synchronized (lock) {
        for (JsonNode a : artifacts) {
          if (artifactId.equals(a.path("artifactId").asText())) {
            ((ArrayNode) a.get("parts")).add(part);
            return;
          }
        }
        ObjectNode artifact = artifacts.addObject().put("artifactId", artifactId);
        artifact.putArray("parts").add(part);
      }
    }

    /** The A2A {@code TaskStatus}. */
    ObjectNode status() {
      synchronized (lock) {
        ObjectNode status = JSON.objectNode().put("state", state.wireName());
        if (statusMessage != null) {
          status.set("message", statusMessage.deepCopy());
        }
        return status.put("timestamp", timestamp);
      }
    }

    /** The A2A {@code Task}. */
    ObjectNode toJson() {
      synchronized (lock) {
        ObjectNode task =
            JSON.objectNode().put("kind", "task").put("id", id).put("contextId", contextId);
        task.set("status", status());
        task.set("artifacts", artifacts.deepCopy());
        task.putObject("metadata").put(A2aMessages.CAPABILITY, capability);
        return task;
      }
    }
  }

  /**
   * Starts tracking a new task.
   *
   * @throws AgentException UNAVAILABLE when the store is full of running tasks
   */
  Task create(SpiffeId owner, String capability, String contextId) throws AgentException {
    synchronized (lock) {
      if (tasks.size() >= capacity) {
        Iterator<Task> it = tasks.values().iterator();
        boolean evicted = false;
        while (it.hasNext()) {
          if (it.next().state().terminal()) {
            it.remove();
            evicted = true;
            break;
          }
        }
        if (!evicted) {
          throw new AgentException(
              ErrorCode.UNAVAILABLE, "too many tasks: " + capacity + " are running");
        }
      }
      Task task =
          new Task(owner, capability, contextId == null ? UUID.randomUUID().toString() : contextId);
      tasks.put(task.id, task);
      return task;
    }
  }

  /** The task {@code id} if {@code caller} started it, else null. */
  Task find(String id, SpiffeId caller) {
    synchronized (lock) {
      Task task = tasks.get(id);
      return task != null && task.owner.equals(caller) ? task : null;
    }
  }

  /**
   * Cancels {@code task}: marks it canceled and interrupts its invocation.
   *
   * @return false when it had already ended
   */
  boolean cancel(Task task) {
    Execution running;
    synchronized (lock) {
      if (!task.transition(TaskState.CANCELED, null)) {
        return false;
      }
      running = task.execution();
    }
    if (running != null) {
      running.cancel();
    }
    return true;
  }
}
