package dev.weft.trust.server;

import dev.weft.trust.uds.PeerCredentials;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits admin calls only from the server's own user (or root), on top of the socket's owner-only
 * file permissions. Fails closed when the caller's credentials are unknown.
 */
final class OwnerOnly implements ServerInterceptor {
  private static final Logger log = LoggerFactory.getLogger(OwnerOnly.class);
  private final int ownUid = currentUid();

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    var peer = PeerCredentials.current();
    if (peer.isEmpty() || (peer.get().uid() != ownUid && peer.get().uid() != 0)) {
      log.warn(
          "admin call {} refused for uid {}",
          call.getMethodDescriptor().getBareMethodName(),
          peer.map(p -> Integer.toString(p.uid())).orElse("unknown"));
      call.close(
          Status.PERMISSION_DENIED.withDescription(
              "the admin API is reserved to the trust server's own user"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return next.startCall(call, headers);
  }

  static int currentUid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot read this process's uid from /proc/self/status", e);
    }
    throw new IllegalStateException("no Uid line in /proc/self/status");
  }
}
