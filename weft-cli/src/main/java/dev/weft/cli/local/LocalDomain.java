package dev.weft.cli.local;

import dev.weft.cli.CliException;
import dev.weft.identity.bundle.BundleException;
import dev.weft.identity.bundle.SpiffeBundleFormat;
import dev.weft.identity.pem.Pem;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.proto.trust.v1.AdminGrpc;
import dev.weft.proto.trust.v1.Bundle;
import dev.weft.proto.trust.v1.CreateEntryRequest;
import dev.weft.proto.trust.v1.Entry;
import dev.weft.proto.trust.v1.GenerateJoinTokenRequest;
import dev.weft.proto.trust.v1.GetBundleRequest;
import dev.weft.proto.trust.v1.HealthRequest;
import dev.weft.proto.trust.v1.ListEntriesRequest;
import dev.weft.trust.node.NodeAgent;
import dev.weft.trust.uds.UnixSocketChannels;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One trust domain of the local mesh: a trust server and a node agent, each its own process, with
 * configuration and state under {@code <dir>/<trust-domain>/}. The current user is registered as a
 * workload ({@code unix:uid}) under the agent.
 */
final class LocalDomain implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final TrustDomain trustDomain;
  private final Path home;
  private ChildProcess server;
  private ChildProcess agent;

  LocalDomain(Path dir, TrustDomain trustDomain) {
    this.trustDomain = trustDomain;
    this.home = dir.resolve(trustDomain.name());
  }

  TrustDomain trustDomain() {
    return trustDomain;
  }

  Path workloadSocket() {
    return home.resolve("public/api.sock");
  }

  Path adminSocket() {
    return home.resolve("server/admin.sock");
  }

  /** The bound port of this domain's bundle endpoint. */
  int bundleEndpointPort() throws IOException {
    return Integer.parseInt(Files.readString(home.resolve("server/bundle-endpoint.port")).trim());
  }

  /** The SPIFFE ID under which the current user is registered. */
  SpiffeId userId() {
    return SpiffeId.of(trustDomain, "weft", "user", LocalUser.pathSegment());
  }

  SpiffeId agentId() {
    return SpiffeId.of(trustDomain, "weft", "agent", "local");
  }

  /** Starts the server, registers the agent and the current user, starts the agent. */
  void start() throws CliException, IOException, InterruptedException {
    LocalConfigs.writeServer(home, trustDomain);
    // The server writes its ports once it serves; files from an earlier run must not be read.
    Files.deleteIfExists(home.resolve("server/node-api.port"));
    Files.deleteIfExists(home.resolve("server/bundle-endpoint.port"));
    server =
        ChildProcess.start(
            "trust server " + trustDomain,
            List.of("trust", "server", "run", "--config", home.resolve("server.yaml").toString()),
            home.resolve("server.log"),
            home.resolve("server.pid"),
            Map.of());
    ManagedChannel channel = awaitAdmin();
    try {
      AdminGrpc.AdminBlockingStub admin = AdminGrpc.newBlockingStub(channel);
      writeBootstrapBundle(admin.getBundle(GetBundleRequest.getDefaultInstance()));
      // A join token only when the agent must attest: with a valid stored SVID it resumes.
      Map<String, String> env =
          hasUsableAgentSvid()
              ? Map.of()
              : Map.of(
                  "WEFT_JOIN_TOKEN",
                  admin
                      .generateJoinToken(
                          GenerateJoinTokenRequest.newBuilder()
                              .setSpiffeId(agentId().toString())
                              .setTtlSeconds(600)
                              .build())
                      .getToken());
      registerCurrentUser(admin);
      int port = Integer.parseInt(Files.readString(home.resolve("server/node-api.port")).trim());
      LocalConfigs.writeAgent(home, trustDomain, port);
      agent =
          ChildProcess.start(
              "node agent " + trustDomain,
              List.of("trust", "agent", "run", "--config", home.resolve("agent.yaml").toString()),
              home.resolve("agent.log"),
              home.resolve("agent.pid"),
              env);
    } finally {
      channel.shutdownNow();
    }
    WorkloadProbe.awaitSvid(workloadSocket(), agent, deadline());
  }

  /**
   * Whether the node agent's data directory holds its own SVID for this domain, valid for at least
   * another minute: the agent then starts from it and needs no join token.
   */
  boolean hasUsableAgentSvid() {
    return NodeAgent.canResume(
        home.resolve("agent"), trustDomain, Instant.now().plus(Duration.ofMinutes(1)));
  }

  /** The first dead child, if any. */
  java.util.Optional<ChildProcess> deadChild() {
    for (ChildProcess c : new ChildProcess[] {server, agent}) {
      if (c != null && !c.isAlive()) {
        return java.util.Optional.of(c);
      }
    }
    return java.util.Optional.empty();
  }

  @Override
  public void close() {
    stopAll();
  }

  /** Stops the node agent, then the server; returns how many were still running. */
  int stopAll() {
    int stopped = 0;
    for (ChildProcess child : new ChildProcess[] {agent, server}) {
      stopped += child != null && child.stop() ? 1 : 0;
    }
    return stopped;
  }

  private ManagedChannel awaitAdmin() throws CliException, InterruptedException {
    Instant deadline = deadline();
    String last = "admin socket not there yet";
    while (Instant.now().isBefore(deadline)) {
      if (!server.isAlive()) {
        throw new CliException(
            server.name()
                + " exited during start-up; last log lines ("
                + server.log()
                + "):\n"
                + server.logTail(15));
      }
      if (Files.exists(adminSocket()) && Files.exists(home.resolve("server/node-api.port"))) {
        ManagedChannel channel = UnixSocketChannels.open(adminSocket());
        try {
          var health =
              AdminGrpc.newBlockingStub(channel)
                  .withDeadlineAfter(5, TimeUnit.SECONDS)
                  .health(HealthRequest.getDefaultInstance());
          if (health.getServing()) {
            return channel;
          }
          last = "server not serving yet";
        } catch (StatusRuntimeException e) {
          last = e.getStatus().toString();
        }
        channel.shutdownNow();
      }
      Thread.sleep(200);
    }
    throw new CliException(
        server.name()
            + " did not become healthy within "
            + START_TIMEOUT.toSeconds()
            + "s ("
            + last
            + "); see "
            + server.log());
  }

  private void writeBootstrapBundle(Bundle bundle) throws CliException, IOException {
    try {
      var parsed = SpiffeBundleFormat.parse(trustDomain, bundle.getSpiffeBundle());
      Files.createDirectories(home.resolve("agent"));
      Files.writeString(
          home.resolve("agent/bootstrap.pem"), Pem.writeCertificates(parsed.x509Authorities()));
    } catch (BundleException e) {
      throw new CliException("trust server sent an invalid bundle: " + e.getMessage(), e);
    }
  }

  private void registerCurrentUser(AdminGrpc.AdminBlockingStub admin) {
    register(admin, userId(), "local user");
  }

  /**
   * Registers {@code id} for processes of the current user under this domain's agent, unless an
   * identical entry exists. Every local workload runs under the same uid, so the Workload API hands
   * each of them every such SVID; each agent picks its own by SPIFFE ID (on Kubernetes, selectors
   * such as {@code k8s:sa} separate them instead).
   */
  void registerWorkload(SpiffeId id, String hint) throws CliException, InterruptedException {
    ManagedChannel channel = awaitAdmin();
    try {
      register(AdminGrpc.newBlockingStub(channel), id, hint);
    } finally {
      channel.shutdownNow();
    }
  }

  /** Waits until this domain's Workload API hands the current user the SVID of {@code id}. */
  void awaitWorkload(SpiffeId id) throws CliException, InterruptedException {
    WorkloadProbe.awaitSvid(workloadSocket(), agent, id.toString(), deadline());
  }

  /** This domain's state directory. */
  Path home() {
    return home;
  }

  private void register(AdminGrpc.AdminBlockingStub admin, SpiffeId id, String hint) {
    String selector = "unix:uid:" + LocalUser.uid();
    var existing =
        admin.listEntries(
            ListEntriesRequest.newBuilder()
                .setSpiffeId(id.toString())
                .setParentId(agentId().toString())
                .addSelectors(selector)
                .build());
    if (existing.getEntriesCount() == 0) {
      admin.createEntry(
          CreateEntryRequest.newBuilder()
              .setEntry(
                  Entry.newBuilder()
                      .setSpiffeId(id.toString())
                      .setParentId(agentId().toString())
                      .addSelectors(selector)
                      .setHint(hint))
              .build());
    }
  }

  private static Instant deadline() {
    return Instant.now().plus(START_TIMEOUT);
  }
}
