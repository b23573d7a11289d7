package dev.weft.bench.domain;

import dev.weft.identity.bundle.BundleException;
import dev.weft.identity.bundle.SpiffeBundleFormat;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.pem.Pem;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.identity.svid.X509Svid;
import dev.weft.identity.workloadapi.WorkloadApiClient;
import dev.weft.identity.workloadapi.WorkloadApiEndpoint;
import dev.weft.identity.workloadapi.WorkloadApiException;
import dev.weft.identity.workloadapi.X509Context;
import dev.weft.proto.trust.v1.AdminGrpc;
import dev.weft.proto.trust.v1.CreateEntryRequest;
import dev.weft.proto.trust.v1.Entry;
import dev.weft.proto.trust.v1.GenerateJoinTokenRequest;
import dev.weft.proto.trust.v1.GetBundleRequest;
import dev.weft.testing.TempSockets;
import dev.weft.trust.config.KeyManagerConfig;
import dev.weft.trust.config.NodeAgentConfig;
import dev.weft.trust.config.ServerConfig;
import dev.weft.trust.node.NodeAgent;
import dev.weft.trust.server.TrustServer;
import dev.weft.trust.uds.UnixSocketChannels;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real trust domain in this process, as {@code weft up} runs one but without child processes: a
 * {@link TrustServer} (SQLite store and CA keys in memory, node API on a free port of 127.0.0.1)
 * and a {@link NodeAgent} attested with a join token, serving the Workload API on a unix socket
 * under a short temporary directory. The workloads given to {@link #start} are registered under the
 * agent with the selector {@code unix:uid:<this process's uid>}, so this process receives their
 * X.509-SVIDs. {@link #close} stops both and deletes the directory.
 */
public final class BenchDomain implements AutoCloseable {
  /** The trust domain of every benchmark. */
  public static final TrustDomain TRUST_DOMAIN = TrustDomain.parse("bench.weft");

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final TempSockets dir;
  private TrustServer server;
  private NodeAgent agent;

  private BenchDomain(TempSockets dir) {
    this.dir = dir;
  }

  /**
   * Starts the server and the agent, registers {@code workloads} (SPIFFE ID paths such as {@code
   * /bench/workload}) for this process's uid and waits until the agent serves all of them.
   *
   * @throws IOException if a component cannot start or the SVIDs do not arrive within a minute
   */
  public static BenchDomain start(List<String> workloads) throws IOException, InterruptedException {
    BenchDomain domain = new BenchDomain(new TempSockets());
    try {
      domain.startAll(workloads);
      return domain;
    } catch (IOException | InterruptedException | RuntimeException e) {
      domain.close();
      throw e;
    }
  }

  /** The socket of the agent's Workload API. */
  public Path workloadSocket() {
    return dir.socket("public/api.sock");
  }

  /** The SPIFFE ID registered for {@code path}. */
  public static SpiffeId id(String path) {
    return SpiffeId.parse("spiffe://" + TRUST_DOMAIN.name() + path);
  }

  /** The trust server (for its bundle). */
  public TrustServer server() {
    return server;
  }

  @Override
  public void close() {
    if (agent != null) {
      agent.close();
    }
    if (server != null) {
      server.close();
    }
    dir.close();
  }

  private void startAll(List<String> workloads) throws IOException, InterruptedException {
    ServerConfig serverConfig =
        ServerConfig.builder()
            .trustDomain(TRUST_DOMAIN)
            .bindAddress("127.0.0.1")
            .bindPort(0)
            .dataDir(dir.dir().resolve("server"))
            .socketPath(dir.socket("server/admin.sock"))
            .keyManager(new KeyManagerConfig.Memory())
            .build();
    server = TrustServer.start(serverConfig, TrustServer.Options.defaults());
    SpiffeId agentId = SpiffeId.of(TRUST_DOMAIN, "weft", "agent", "bench");
    String token;
    Path bootstrap = dir.dir().resolve("bootstrap.pem");
    ManagedChannel channel = UnixSocketChannels.open(server.adminSocket());
    try {
      AdminGrpc.AdminBlockingStub admin =
          AdminGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
      TrustBundle bundle;
      try {
        bundle =
            SpiffeBundleFormat.parse(
                TRUST_DOMAIN,
                admin.getBundle(GetBundleRequest.getDefaultInstance()).getSpiffeBundle());
      } catch (BundleException e) {
        throw new IOException("trust server sent an invalid bundle: " + e.getMessage(), e);
      }
      Files.writeString(bootstrap, Pem.writeCertificates(bundle.x509Authorities()));
      token =
          admin
              .generateJoinToken(
                  GenerateJoinTokenRequest.newBuilder()
                      .setSpiffeId(agentId.toString())
                      .setTtlSeconds(600)
                      .build())
              .getToken();
      String selector = "unix:uid:" + uid();
      for (String path : workloads) {
        admin.createEntry(
            CreateEntryRequest.newBuilder()
                .setEntry(
                    Entry.newBuilder()
                        .setSpiffeId(id(path).toString())
                        .setParentId(agentId.toString())
                        .addSelectors(selector)
                        .setHint(path))
                .build());
      }
    } finally {
      channel.shutdownNow();
    }
    NodeAgentConfig agentConfig =
        NodeAgentConfig.builder()
            .trustDomain(TRUST_DOMAIN)
            .serverAddress("127.0.0.1")
            .serverPort(server.nodeApiAddress().getPort())
            .socketPath(workloadSocket())
            .dataDir(dir.dir().resolve("agent"))
            .trustBundlePath(bootstrap)
            .joinToken(token)
            .build();
    agent = NodeAgent.start(agentConfig, NodeAgent.Options.defaults());
    awaitSvids(workloads.stream().map(BenchDomain::id).collect(Collectors.toSet()));
  }

  /**
   * Waits until the agent holds SVIDs for {@code expected} (so that no call is denied while it
   * syncs), then until the Workload API serves them to this process.
   */
  private void awaitSvids(Set<SpiffeId> expected) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (!agent.snapshot().identities().stream()
        .map(i -> i.svid().id())
        .collect(Collectors.toSet())
        .containsAll(expected)) {
      if (Instant.now().isAfter(deadline)) {
        throw new IOException(
            "the agent did not sign SVIDs for "
                + expected
                + " within "
                + START_TIMEOUT.toSeconds()
                + "s");
      }
      Thread.sleep(50);
    }
    String last = "no answer yet";
    try (WorkloadApiClient client =
        WorkloadApiClient.create(
            WorkloadApiEndpoint.ofSocket(workloadSocket()), Duration.ofSeconds(5))) {
      while (Instant.now().isBefore(deadline)) {
        try {
          X509Context context = client.fetchX509Context();
          Set<SpiffeId> served =
              context.svids().stream().map(X509Svid::id).collect(Collectors.toSet());
          if (served.containsAll(expected)) {
            return;
          }
          last = "served " + served;
        } catch (WorkloadApiException e) {
          last = e.getMessage();
        }
        Thread.sleep(100);
      }
    }
    throw new IOException(
        "the agent did not serve "
            + expected
            + " within "
            + START_TIMEOUT.toSeconds()
            + "s ("
            + last
            + ")");
  }

  private static int uid() throws IOException {
    return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
  }
}
