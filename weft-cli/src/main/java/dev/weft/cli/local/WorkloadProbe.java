package dev.weft.cli.local;

import dev.weft.cli.CliException;
import dev.weft.proto.workload.SpiffeWorkloadAPIGrpc;
import dev.weft.proto.workload.WorkloadProto;
import dev.weft.trust.uds.UnixSocketChannels;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/** Waits until a Workload API socket hands this process an X.509-SVID. */
final class WorkloadProbe {
  private static final Metadata.Key<String> SECURITY_HEADER =
      Metadata.Key.of("workload.spiffe.io", Metadata.ASCII_STRING_MARSHALLER);

  private WorkloadProbe() {}

  /** Returns the SPIFFE ID received, or fails with the reason once {@code deadline} passes. */
  static String awaitSvid(Path socket, ChildProcess agent, Instant deadline)
      throws CliException, InterruptedException {
    return awaitSvid(socket, agent, null, deadline);
  }

  /**
   * Returns {@code expected} once the socket hands this process an X.509-SVID with that SPIFFE ID
   * ({@code null}: any), or fails with the reason once {@code deadline} passes.
   */
  static String awaitSvid(Path socket, ChildProcess agent, String expected, Instant deadline)
      throws CliException, InterruptedException {
    String last = "socket not there yet";
    while (Instant.now().isBefore(deadline)) {
      if (!agent.isAlive()) {
        throw new CliException(
            agent.name()
                + " exited during start-up; last log lines ("
                + agent.log()
                + "):\n"
                + agent.logTail(15));
      }
      if (Files.exists(socket)) {
        ManagedChannel channel = UnixSocketChannels.open(socket);
        try {
          Metadata headers = new Metadata();
          headers.put(SECURITY_HEADER, "true");
          Iterator<WorkloadProto.X509SVIDResponse> stream =
              SpiffeWorkloadAPIGrpc.newBlockingStub(channel)
                  .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                  .withDeadlineAfter(5, TimeUnit.SECONDS)
                  .fetchX509SVID(WorkloadProto.X509SVIDRequest.getDefaultInstance());
          if (stream.hasNext()) {
            WorkloadProto.X509SVIDResponse response = stream.next();
            for (var svid : response.getSvidsList()) {
              if (expected == null || expected.equals(svid.getSpiffeId())) {
                return svid.getSpiffeId();
              }
            }
            last = expected + " not issued yet";
          }
        } catch (StatusRuntimeException e) {
          last = e.getStatus().getCode() + " " + e.getStatus().getDescription();
        } finally {
          channel.shutdownNow();
        }
      }
      Thread.sleep(200);
    }
    throw new CliException(
        agent.name() + " did not serve an SVID in time (" + last + "); see " + agent.log());
  }
}
