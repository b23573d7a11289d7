package dev.weft.fabric.session;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A handler that records what it receives and hands out the accepted session. */
class Collector implements SessionHandler {

  final List<String> messages = new ArrayList<>();
  final CompletableFuture<Session> opened = new CompletableFuture<>();
  final CompletableFuture<CloseReason> closed = new CompletableFuture<>();

  @Override
  public void onOpen(Session session) {
    opened.complete(session);
  }

  @Override
  public synchronized void onMessage(Session session, byte[] payload) {
    messages.add(new String(payload, UTF_8));
  }

  @Override
  public void onClose(Session session, CloseReason reason) {
    closed.complete(reason);
  }

  synchronized List<String> messages() {
    return List.copyOf(messages);
  }
}
