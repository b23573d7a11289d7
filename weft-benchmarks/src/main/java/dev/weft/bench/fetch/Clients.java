package dev.weft.bench.fetch;

import dev.weft.identity.workloadapi.WorkloadApiClient;
import dev.weft.identity.workloadapi.WorkloadApiEndpoint;
import dev.weft.identity.workloadapi.X509Context;
import dev.weft.proto.workload.SpiffeWorkloadAPIGrpc;
import dev.weft.proto.workload.WorkloadProto;
import dev.weft.trust.uds.UnixSocketChannels;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.spiffe.workloadapi.DefaultWorkloadApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/** The Workload API clients the fetch benchmark compares. */
enum Clients {
  /** java-spiffe 0.8.17's {@code DefaultWorkloadApiClient.fetchX509Context()}: what is measured. */
  JAVA_SPIFFE("java-spiffe", "java-spiffe 0.8.17 -> Weft agent") {
    @Override
    Fetcher open(Path socket) throws Exception {
      io.spiffe.workloadapi.WorkloadApiClient client =
          DefaultWorkloadApiClient.newClient(
              DefaultWorkloadApiClient.ClientOptions.builder()
                  .spiffeSocketPath("unix:" + socket)
                  .build());
      return new Fetcher() {
        @Override
        public void fetch() throws Exception {
          if (client.fetchX509Context().getDefaultSvid() == null) {
            throw new IllegalStateException("java-spiffe: no default SVID");
          }
        }

        @Override
        public String fetchId() throws Exception {
          return client.fetchX509Context().getDefaultSvid().getSpiffeId().toString();
        }

        @Override
        public void close() {
          try {
            client.close();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };
    }
  },

  /** Weft's own {@link WorkloadApiClient#fetchX509Context()} (parses and checks the answer too). */
  WEFT("weft", "Weft WorkloadApiClient -> Weft agent") {
    @Override
    Fetcher open(Path socket) {
      WorkloadApiClient client = WorkloadApiClient.create(WorkloadApiEndpoint.ofSocket(socket));
      return new Fetcher() {
        @Override
        public void fetch() throws Exception {
          client.fetchX509Context();
        }

        @Override
        public String fetchId() throws Exception {
          X509Context context = client.fetchX509Context();
          return context.defaultSvid().id().toString();
        }

        @Override
        public void close() {
          client.close();
        }
      };
    }
  },

  /** A generated gRPC stub: the same call with no parsing of the answer at all. */
  RAW_AGENT("raw-agent", "raw gRPC stub -> Weft agent") {
    @Override
    Fetcher open(Path socket) {
      return new RawFetcher(socket);
    }
  },

  /**
   * A generated gRPC stub against a server on the same kind of socket that answers with a canned
   * copy of the agent's answer: the transport floor, with no attestation and no rendering.
   */
  RAW_CANNED("raw-canned", "raw gRPC stub -> canned server") {
    @Override
    Fetcher open(Path socket) {
      return new RawFetcher(socket);
    }
  };

  private static final Metadata.Key<String> SECURITY_HEADER =
      Metadata.Key.of("workload.spiffe.io", Metadata.ASCII_STRING_MARSHALLER);

  private final String flag;
  private final String label;

  Clients(String flag, String label) {
    this.flag = flag;
    this.label = label;
  }

  /**
   * The clients named in {@code list} (comma-separated flag names), in declaration order.
   *
   * @throws IllegalArgumentException naming an unknown client
   */
  static EnumSet<Clients> parse(String list) {
    EnumSet<Clients> chosen = EnumSet.noneOf(Clients.class);
    for (String name : list.split(",")) {
      Clients match = null;
      for (Clients c : values()) {
        if (c.flag.equals(name.trim())) {
          match = c;
        }
      }
      if (match == null) {
        throw new IllegalArgumentException(
            "--clients: \""
                + name
                + "\" (expected: a comma-separated"
                + " list of java-spiffe, weft, raw-agent, raw-canned)");
      }
      chosen.add(match);
    }
    return chosen;
  }

  String label() {
    return label;
  }

  /** A new client of the Workload API on {@code socket}; it connects on first use. */
  abstract Fetcher open(Path socket) throws Exception;

  /** The first answer of one {@code FetchX509SVID} stream through a raw stub, then cancel. */
  static WorkloadProto.X509SVIDResponse fetchRaw(
      SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIBlockingStub stub) throws Exception {
    Context.CancellableContext call = Context.current().withCancellation();
    try {
      return call.call(
          () -> {
            Iterator<WorkloadProto.X509SVIDResponse> answers =
                stub.fetchX509SVID(WorkloadProto.X509SVIDRequest.getDefaultInstance());
            WorkloadProto.X509SVIDResponse first = answers.next();
            if (first.getSvidsCount() == 0) {
              throw new IllegalStateException("raw FetchX509SVID: no SVID in the answer");
            }
            return first;
          });
    } finally {
      call.cancel(null);
    }
  }

  /** A raw stub with the security header on a plaintext channel to {@code socket}. */
  static final class RawFetcher implements Fetcher {
    private final ManagedChannel channel;
    private final SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIBlockingStub stub;

    RawFetcher(Path socket) {
      channel = UnixSocketChannels.open(socket);
      Metadata header = new Metadata();
      header.put(SECURITY_HEADER, "true");
      stub =
          SpiffeWorkloadAPIGrpc.newBlockingStub(channel)
              .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(header));
    }

    WorkloadProto.X509SVIDResponse first() throws Exception {
      return fetchRaw(stub);
    }

    @Override
    public void fetch() throws Exception {
      fetchRaw(stub);
    }

    @Override
    public String fetchId() throws Exception {
      return fetchRaw(stub).getSvids(0).getSpiffeId();
    }

    @Override
    public void close() {
      channel.shutdownNow();
      try {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
