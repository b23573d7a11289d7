package dev.weft.trust.server;

import static org.awaitility.Awaitility.await;

import dev.weft.identity.bundle.SpiffeBundleFormat;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.pem.Pem;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.identity.svid.X509Svid;
import dev.weft.proto.trust.v1.AdminGrpc;
import dev.weft.proto.trust.v1.CreateEntryRequest;
import dev.weft.proto.trust.v1.Entry;
import dev.weft.proto.trust.v1.GenerateJoinTokenRequest;
import dev.weft.proto.trust.v1.GetBundleRequest;
import dev.weft.proto.workload.SpiffeWorkloadAPIGrpc;
import dev.weft.proto.workload.WorkloadProto.X509SVIDRequest;
import dev.weft.proto.workload.WorkloadProto.X509SVIDResponse;
import dev.weft.testing.MutableClock;
import dev.weft.testing.TempSockets;
import dev.weft.trust.config.NodeAgentConfig;
import dev.weft.trust.config.ServerConfig;
import dev.weft.trust.node.NodeAgent;
import dev.weft.trust.uds.UnixSocketChannels;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.spiffe.workloadapi.DefaultX509Source;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A real trust server and node agent of {@code example.org} (or another trust domain) in one short
 * temporary directory, driven by one {@link MutableClock}, with an admin client and Workload API
 * helpers. The server's ticker and the agent's maintenance run every {@link #INTERVAL} of real
 * time; the clock decides what is due. {@link #close()} stops everything and deletes the directory.
 * Several planes of different trust domains may share one clock.
 */
public final class TrustPlane implements AutoCloseable {
  public static final TrustDomain TD = TrustDomain.parse("example.org");

  /** How long tests wait for anything asynchronous. */
  public static final Duration WAIT = Duration.ofSeconds(30);

  /** The real-time period of the server's ticker and the agent's maintenance. */
  public static final Duration INTERVAL = Duration.ofMillis(100);

  private static final Metadata.Key<String> SECURITY_HEADER =
      Metadata.Key.of("workload.spiffe.io", Metadata.ASCII_STRING_MARSHALLER);

  private final TempSockets dir = new TempSockets();
  private final MutableClock clock;
  private final TrustDomain td;
  private ServerConfig serverConfig;
  private final UnaryOperator<TrustServer.Options> options;
  private final List<NodeAgent> agents = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();
  private TrustServer server;
  private ManagedChannel adminChannel;
  private AdminGrpc.AdminBlockingStub admin;
  private NodeAgent agent;
  private NodeAgentConfig agentConfig;

  private TrustPlane(
      MutableClock clock,
      TrustDomain td,
      UnaryOperator<ServerConfig.Builder> customize,
      UnaryOperator<TrustServer.Options> options) {
    this.clock = clock;
    this.td = td;
    this.options = options;
    this.serverConfig =
        customize
            .apply(
                ServerConfig.builder()
                    .trustDomain(td)
                    .dataDir(dir.dir().resolve("server"))
                    .bindPort(0))
            .build();
  }

  /** A plane whose server runs with the default configuration (port 0, SQLite, disk keys). */
  public static TrustPlane startServer(MutableClock clock) throws IOException {
    return startServer(clock, b -> b);
  }

  /** A plane whose server runs with {@code customize} applied to the default configuration. */
  public static TrustPlane startServer(
      MutableClock clock, UnaryOperator<ServerConfig.Builder> customize) throws IOException {
    return startServer(clock, TD, customize, o -> o);
  }

  /**
   * A plane of trust domain {@code td} whose server runs with {@code customize} applied to the
   * default configuration and {@code options} to the plane's default options.
   */
  public static TrustPlane startServer(
      MutableClock clock,
      TrustDomain td,
      UnaryOperator<ServerConfig.Builder> customize,
      UnaryOperator<TrustServer.Options> options)
      throws IOException {
    TrustPlane plane = new TrustPlane(clock, td, customize, options);
    try {
      plane.startServer();
      return plane;
    } catch (IOException | RuntimeException e) {
      plane.close();
      throw e;
    }
  }

  /** A plane with a server (default configuration) and an attested agent. */
  public static TrustPlane startWithAgent(MutableClock clock) throws IOException {
    return startWithAgent(clock, b -> b);
  }

  /** A plane with a server ({@code customize} applied) and an attested agent. */
  public static TrustPlane startWithAgent(
      MutableClock clock, UnaryOperator<ServerConfig.Builder> customize) throws IOException {
    return startWithAgent(clock, TD, customize, o -> o);
  }

  /**
   * A plane of {@code td} with a server (as {@link #startServer(MutableClock, TrustDomain,
   * UnaryOperator, UnaryOperator)}) and an attested agent.
   */
  public static TrustPlane startWithAgent(
      MutableClock clock,
      TrustDomain td,
      UnaryOperator<ServerConfig.Builder> customize,
      UnaryOperator<TrustServer.Options> options)
      throws IOException {
    TrustPlane plane = startServer(clock, td, customize, options);
    try {
      plane.startAgent();
      return plane;
    } catch (IOException | RuntimeException e) {
      plane.close();
      throw e;
    }
  }

  /** (Re)starts the server on its configuration and data directory; opens a new admin client. */
  public void startServer() throws IOException {
    server =
        TrustServer.start(
            serverConfig,
            options.apply(
                TrustServer.Options.defaults().withClock(clock).withTickInterval(INTERVAL)));
    adminChannel = UnixSocketChannels.open(server.adminSocket());
    admin = AdminGrpc.newBlockingStub(adminChannel);
  }

  /**
   * Stops the server and starts it again on its data directory, with {@code change} applied to its
   * configuration. Ports that were 0 are chosen anew.
   */
  public void restartServer(UnaryOperator<ServerConfig.Builder> change)
      throws IOException, InterruptedException {
    stopServer();
    serverConfig = change.apply(serverConfig.toBuilder()).build();
    startServer();
  }

  /** Stops the server (the agent keeps running). */
  public void stopServer() throws InterruptedException {
    adminChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
    server = null;
  }

  /** Attests the main agent with a new join token and starts it. */
  public NodeAgent startAgent() throws IOException {
    agentConfig = agentConfig("agent", joinToken(Duration.ofMinutes(10)));
    agent = startAgent(agentConfig);
    return agent;
  }

  /** Starts an agent on {@code config} (closed with the plane). */
  public NodeAgent startAgent(NodeAgentConfig config) throws IOException {
    NodeAgent started =
        NodeAgent.start(
            config,
            new NodeAgent.Options(clock, INTERVAL, Duration.ofMillis(50), Duration.ofMillis(500)));
    agents.add(started);
    return started;
  }

  /**
   * Stops the main agent and starts it again on its data directory, with {@code customize} applied
   * to its configuration.
   */
  public NodeAgent restartAgent(UnaryOperator<NodeAgentConfig.Builder> customize)
      throws IOException {
    if (agent != null) {
      stopAgent();
    }
    agentConfig = customize.apply(agentConfig.toBuilder()).build();
    agent = startAgent(agentConfig);
    return agent;
  }

  /** Stops the main agent; its data directory and configuration stay for {@link #restartAgent}. */
  public void stopAgent() {
    agent.close();
    agents.remove(agent);
    agent = null;
  }

  /** The leaf certificate the server presents on its node API now. */
  public X509Certificate serverSvid() throws Exception {
    return Certificates.presentedBy(server.nodeApiAddress(), WAIT);
  }

  /** Waits until the server presents an SVID that is valid at the clock's time. */
  public void awaitServerSvidValid() {
    await()
        .atMost(WAIT)
        .until(
            () -> {
              X509Certificate leaf = serverSvid();
              Instant now = clock.instant();
              return !now.isBefore(leaf.getNotBefore().toInstant())
                  && now.isBefore(leaf.getNotAfter().toInstant());
            });
  }

  /**
   * The configuration of an agent named {@code name} (its own data directory and socket in the
   * plane's directory) that bootstraps with the server's bundle as PEM and {@code joinToken} (null
   * for none).
   */
  public NodeAgentConfig agentConfig(String name, String joinToken) throws IOException {
    Path bootstrap = dir.dir().resolve(name + "-bootstrap.pem");
    Files.writeString(bootstrap, Pem.writeCertificates(bundle().x509Authorities()));
    return NodeAgentConfig.builder()
        .trustDomain(td)
        .serverAddress("127.0.0.1")
        .serverPort(server.nodeApiAddress().getPort())
        .socketPath(dir.socket(name + ".sock"))
        .dataDir(dir.dir().resolve(name))
        .trustBundlePath(bootstrap)
        .joinToken(joinToken)
        .build();
  }

  /** A new join token for the default agent ID. */
  public String joinToken(Duration ttl) {
    return admin
        .generateJoinToken(
            GenerateJoinTokenRequest.newBuilder().setTtlSeconds(ttl.toSeconds()).build())
        .getToken();
  }

  public MutableClock clock() {
    return clock;
  }

  public TrustDomain trustDomain() {
    return td;
  }

  public TrustServer server() {
    return server;
  }

  public AdminGrpc.AdminBlockingStub admin() {
    return admin;
  }

  public NodeAgent agent() {
    return agent;
  }

  public NodeAgentConfig agentConfig() {
    return agentConfig;
  }

  /** The main agent's own SVID as stored in its data directory. */
  public List<X509Certificate> storedAgentSvid() throws Exception {
    return Pem.parseCertificates(
        Files.readString(agentConfig.dataDir().resolve("agent-credentials.pem")));
  }

  /** The main agent's own SVID and key as stored in its data directory. */
  public X509Svid storedAgentSvidWithKey() throws Exception {
    return X509Svid.of(
        storedAgentSvid(),
        Pem.parsePrivateKey(
            Files.readString(agentConfig.dataDir().resolve("agent-credentials.pem"))),
        "");
  }

  /** A directory for the test's own files. */
  public Path dir() {
    return dir.dir();
  }

  /** The local bundle as the admin API serves it. */
  public TrustBundle bundle() {
    try {
      return SpiffeBundleFormat.parse(
          td, admin.getBundle(GetBundleRequest.getDefaultInstance()).getSpiffeBundle());
    } catch (dev.weft.identity.bundle.BundleException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The selector every call from this JVM is attested with. */
  public static String thisUid() {
    return "unix:uid:" + new com.sun.security.auth.module.UnixSystem().getUid();
  }

  /** A selector no call from this JVM has. */
  public static String anotherUid() {
    return "unix:uid:" + (new com.sun.security.auth.module.UnixSystem().getUid() + 4242);
  }

  /** Registers {@code spiffe://<td><path>} for this JVM's uid under the main agent. */
  public Entry createWorkloadEntry(String path) {
    return createEntry(
        Entry.newBuilder()
            .setSpiffeId(td.idString() + path)
            .setParentId(agent.id().toString())
            .addSelectors(thisUid())
            .build());
  }

  public Entry createEntry(Entry entry) {
    return admin.createEntry(CreateEntryRequest.newBuilder().setEntry(entry).build());
  }

  /** The main agent's Workload API socket. */
  public Path workloadSocket() {
    return agentConfig.socketPath();
  }

  /** A Workload API client of the main agent that sends the security header. */
  public SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIBlockingStub workload() {
    return workloadStub(true);
  }

  /** A Workload API client of the main agent, with or without the security header. */
  public SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIBlockingStub workloadStub(boolean securityHeader) {
    return workloadStub(workloadSocket(), securityHeader);
  }

  /** A Workload API client, with the security header, of the agent serving on {@code socket}. */
  public SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIBlockingStub workload(Path socket) {
    return workloadStub(socket, true);
  }

  private SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIBlockingStub workloadStub(
      Path socket, boolean securityHeader) {
    ManagedChannel channel = UnixSocketChannels.open(socket);
    channels.add(channel);
    var stub = SpiffeWorkloadAPIGrpc.newBlockingStub(channel);
    if (!securityHeader) {
      return stub;
    }
    Metadata header = new Metadata();
    header.put(SECURITY_HEADER, "true");
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(header));
  }

  /** Waits until this JVM gets X.509-SVIDs from the main agent and returns the first answer. */
  public X509SVIDResponse awaitX509Svids() {
    return awaitX509Svids(response -> response.getSvidsCount() > 0);
  }

  /** Waits until the main agent's first answer to this JVM matches {@code condition}. */
  public X509SVIDResponse awaitX509Svids(Predicate<X509SVIDResponse> condition) {
    var stub = workload();
    return await()
        .atMost(WAIT)
        .ignoreException(StatusRuntimeException.class)
        .until(
            () ->
                stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                    .fetchX509SVID(X509SVIDRequest.getDefaultInstance())
                    .next(),
            condition);
  }

  /** A java-spiffe X.509 source on the main agent's socket; the caller closes it. */
  public DefaultX509Source x509Source() throws Exception {
    return DefaultX509Source.newSource(
        DefaultX509Source.X509SourceOptions.builder()
            .spiffeSocketPath(spiffeSocket())
            .initTimeout(WAIT)
            .build());
  }

  /** The main agent's socket as java-spiffe addresses it. */
  public String spiffeSocket() {
    return "unix:" + workloadSocket();
  }

  /** A free TCP port on 127.0.0.1, for a server that must come back on the same port. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow();
    }
    for (NodeAgent a : agents) {
      a.close();
    }
    if (server != null) {
      adminChannel.shutdownNow();
      server.close();
    }
    dir.close();
  }
}
