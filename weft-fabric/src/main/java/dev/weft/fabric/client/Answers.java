package dev.weft.fabric.client;

import dev.weft.fabric.ErrorCode;
import dev.weft.fabric.FabricException;
import dev.weft.fabric.wire.Frame;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a client waits for from the node, by frame id: the ACK or ERROR of each control frame, and
 * the reply to each request. Thread-safe.
 */
final class Answers {

  private final Map<Long, CompletableFuture<Frame>> acks = new ConcurrentHashMap<>();
  private final Map<Long, CompletableFuture<Message>> requests = new ConcurrentHashMap<>();

  /** A future for the ACK of the control frame {@code id}. */
  CompletableFuture<Frame> expectAck(long id) {
    CompletableFuture<Frame> answer = new CompletableFuture<>();
    acks.put(id, answer);
    return answer;
  }

  /** Stops waiting for the ACK of {@code id}. */
  void forgetAck(long id) {
    acks.remove(id);
  }

  /** A future for the reply to request {@code id}; forgotten once complete. */
  CompletableFuture<Message> expectReply(long id) {
    CompletableFuture<Message> reply = new CompletableFuture<>();
    requests.put(id, reply);
    reply.whenComplete((m, e) -> requests.remove(id));
    return reply;
  }

  /** The node's ACK of {@code frame}'s id. */
  void acked(Frame frame) {
    CompletableFuture<Frame> ack = acks.remove(frame.id());
    if (ack != null) {
      ack.complete(frame);
    }
  }

  /** The reply to request {@code id}. */
  void replied(long id, Message reply) {
    CompletableFuture<Message> pending = requests.remove(id);
    if (pending != null) {
      pending.complete(reply);
    }
  }

  /** Fails what waits for {@code id}; false if nothing did. */
  boolean fail(long id, FabricException failure) {
    CompletableFuture<Frame> ack = acks.remove(id);
    if (ack != null) {
      ack.completeExceptionally(failure);
      return true;
    }
    CompletableFuture<Message> request = requests.remove(id);
    if (request != null) {
      request.completeExceptionally(failure);
      return true;
    }
    return false;
  }

  /** Fails everything waiting (the connection is gone). */
  void failAll(FabricException failure) {
    acks.values().forEach(f -> f.completeExceptionally(failure));
    requests.values().forEach(f -> f.completeExceptionally(failure));
  }

  /**
   * Waits up to {@code timeout} for {@code answer}, the ACK of {@code frame}.
   *
   * @throws FabricException the node's refusal, or {@link ErrorCode#UNAVAILABLE} when no answer
   *     came in time or the connection failed
   */
  Frame await(Frame frame, CompletableFuture<Frame> answer, Duration timeout)
      throws FabricException {
    try {
      return answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof FabricException f) {
        throw new FabricException(f.code(), f.getMessage(), f);
      }
      throw new FabricException(ErrorCode.UNAVAILABLE, "fabric client: " + e.getCause(), e);
    } catch (TimeoutException e) {
      throw new FabricException(
          ErrorCode.UNAVAILABLE,
          "fabric client: no answer to " + frame.type() + " " + frame.name() + " within " + timeout,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FabricException(ErrorCode.UNAVAILABLE, "fabric client: interrupted", e);
    } finally {
      acks.remove(frame.id());
    }
  }
}
