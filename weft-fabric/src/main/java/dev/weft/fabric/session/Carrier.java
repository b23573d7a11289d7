package dev.weft.fabric.session;

import dev.weft.fabric.FabricException;
import dev.weft.fabric.Name;
import dev.weft.fabric.client.FabricClient;
import dev.weft.fabric.client.Message;
import dev.weft.fabric.client.MessageHandler;
import dev.weft.fabric.client.Subscription;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * What sessions need of the fabric; {@link #of(FabricClient)} is the real one, tests wrap it (to
 * lose or repeat frames).
 */
interface Carrier {

  /** This side's instance name, where the peer's frames come to. */
  Name self();

  /** Sends a frame to one subscriber of {@code to} (unicast for an instance name). */
  void send(Name to, byte[] frame) throws FabricException;

  /** Sends a frame as a fabric request: anycast, answered by {@link #reply} or a fabric error. */
  CompletableFuture<Message> request(Name to, byte[] frame, Duration timeout);

  /** Answers a fabric request. */
  void reply(Message request, byte[] frame) throws FabricException;

  /** Subscribes. */
  Subscription subscribe(Name name, MessageHandler handler) throws FabricException;

  /** Whether frames can go out now (the client is connected to a node). */
  default boolean connected() {
    return true;
  }

  static Carrier of(FabricClient client) {
    return new Carrier() {
      @Override
      public Name self() {
        return client.instanceName();
      }

      @Override
      public void send(Name to, byte[] frame) throws FabricException {
        client.publish(to, frame);
      }

      @Override
      public CompletableFuture<Message> request(Name to, byte[] frame, Duration timeout) {
        return client.request(to, frame, timeout);
      }

      @Override
      public void reply(Message request, byte[] frame) throws FabricException {
        client.reply(request, frame);
      }

      @Override
      public Subscription subscribe(Name name, MessageHandler handler) throws FabricException {
        return client.subscribe(name, handler);
      }

      @Override
      public boolean connected() {
        return client.isConnected();
      }
    };
  }
}
