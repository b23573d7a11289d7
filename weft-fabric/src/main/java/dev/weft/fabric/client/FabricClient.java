package dev.weft.fabric.client;

import dev.weft.fabric.ErrorCode;
import dev.weft.fabric.FabricException;
import dev.weft.fabric.Name;
import dev.weft.fabric.internal.HostPorts;
import dev.weft.fabric.wire.Flags;
import dev.weft.identity.source.IdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.tls.PeerAuthorizer;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A connection to one fabric node, over mutual TLS with the workload's X.509-SVID (read from its
 * {@link IdentitySource} on every handshake, so a rotated SVID needs no reconnect).
 *
 * <pre>{@code
 * try (FabricClient client = FabricClient.builder(identity).node("127.0.0.1:7401").connect()) {
 *   client.subscribe(Name.parse("a.test/chat/room"), m -> System.out.println(m));
 *   client.multicast(Name.parse("a.test/chat/room"), "hello".getBytes(UTF_8));
 * }
 * }</pre>
 *
 * <p>Publishing is asynchronous: it queues the message for the connection and returns; a refusal
 * the node sends back later (denied, undeliverable) goes to the {@linkplain Builder#onError error
 * listener}. While the connection's outbound buffer is full, publishing from an application thread
 * waits (up to the send timeout) instead of buffering without bound. Thread-safe.
 */
public final class FabricClient implements AutoCloseable {

  private final ClientConnection connection;

  private FabricClient(ClientConnection connection) {
    this.connection = connection;
  }

  /** A builder for a client with the workload's identity. */
  public static Builder builder(IdentitySource identity) {
    return new Builder(identity);
  }

  /** The client's own instance name, where replies and unicast messages to it go. */
  public Name instanceName() {
    return connection.instanceName();
  }

  /** The SPIFFE ID the node proved in the handshake. */
  public SpiffeId nodeId() {
    return connection.nodePeerId();
  }

  /** The node's id from its configuration ({@code node.id}). */
  public String nodeName() {
    return connection.nodeName();
  }

  /**
   * Subscribes to {@code name}: a service ({@code org/ns/svc}) or channel receives anycast and
   * multicast messages; an instance name ({@code org/ns/svc/id}) receives unicast messages and
   * makes this client one of the service's anycast subscribers. Blocks until the node accepts.
   *
   * @throws FabricException {@link ErrorCode#DENIED} naming the policy rule, or a connection
   *     failure
   */
  public Subscription subscribe(Name name, MessageHandler handler) throws FabricException {
    return connection.subscribe(
        Objects.requireNonNull(name, "name"), Objects.requireNonNull(handler, "handler"));
  }

  /** Publishes to one subscriber: anycast for a service name, unicast for an instance name. */
  public void publish(Name name, byte[] payload) throws FabricException {
    publish(name, payload, Map.of());
  }

  /** {@link #publish(Name, byte[])} with metadata (such as {@code traceparent}). */
  public void publish(Name name, byte[] payload, Map<String, String> metadata)
      throws FabricException {
    connection.publish(
        Objects.requireNonNull(name, "name"),
        0,
        Objects.requireNonNull(payload, "payload"),
        metadata,
        connection.nextId());
  }

  /** Publishes to every subscriber of {@code name}. */
  public void multicast(Name name, byte[] payload) throws FabricException {
    multicast(name, payload, Map.of());
  }

  /** {@link #multicast(Name, byte[])} with metadata. */
  public void multicast(Name name, byte[] payload, Map<String, String> metadata)
      throws FabricException {
    connection.publish(
        Objects.requireNonNull(name, "name"),
        Flags.MULTICAST,
        Objects.requireNonNull(payload, "payload"),
        metadata,
        connection.nextId());
  }

  /**
   * Sends a request to one subscriber of {@code name}; the future completes with its reply, or with
   * a {@link FabricException} (refused, undeliverable, or {@link ErrorCode#UNAVAILABLE} after
   * {@code timeout}).
   */
  public CompletableFuture<Message> request(Name name, byte[] payload, Duration timeout) {
    return request(name, payload, Map.of(), timeout);
  }

  /** {@link #request(Name, byte[], Duration)} with metadata. */
  public CompletableFuture<Message> request(
      Name name, byte[] payload, Map<String, String> metadata, Duration timeout) {
    return connection.request(
        Objects.requireNonNull(name, "name"),
        Objects.requireNonNull(payload, "payload"),
        metadata,
        Objects.requireNonNull(timeout, "timeout"));
  }

  /**
   * Replies to a request received by a handler.
   *
   * @throws IllegalArgumentException if {@code request} is not a request with a source
   */
  public void reply(Message request, byte[] payload) throws FabricException {
    Objects.requireNonNull(request, "request");
    if (!request.request() || request.source().isEmpty()) {
      throw new IllegalArgumentException(
          "request: " + request.name() + " (expected: a request message with a source)");
    }
    connection.publish(request.source().get(), Flags.REPLY, payload, Map.of(), request.id());
  }

  /** Sends the frames queued so far now (publishing also flushes on its own). */
  public void flush() {
    connection.flush();
  }

  /** Whether the connection to the node is open. */
  public boolean isConnected() {
    return connection.isOpen();
  }

  /** Closes the connection; pending requests fail with {@link ErrorCode#UNAVAILABLE}. */
  @Override
  public void close() {
    connection.close();
  }

  /** Builds and connects a {@link FabricClient}. */
  public static final class Builder {
    final IdentitySource identity;
    InetSocketAddress node;
    Name instance;
    PeerAuthorizer nodeAuthorizer = PeerAuthorizer.any();
    Duration connectTimeout = Duration.ofSeconds(10);
    Duration sendTimeout = Duration.ofSeconds(10);
    int maxFrameBytes = 16 << 20;
    Consumer<FabricException> onError = e -> {};
    Clock clock = Clock.systemUTC();

    private Builder(IdentitySource identity) {
      this.identity = Objects.requireNonNull(identity, "identity");
    }

    /**
     * The node's address, {@code host:port}.
     *
     * @throws IllegalArgumentException in the form {@code node: "x" (expected: host:port)}
     */
    public Builder node(String hostPort) {
      this.node = HostPorts.parse("node", hostPort);
      return this;
    }

    /** The node's address. */
    public Builder node(InetSocketAddress address) {
      this.node = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * The client's own instance name ({@code org/namespace/service/id}). Default: {@code <trust
     * domain>/client/<last segment of the SPIFFE ID>/<random id>}.
     */
    public Builder instanceName(Name name) {
      if (!name.isInstance()) {
        throw new IllegalArgumentException(
            "instanceName: " + name + " (expected: org/namespace/service/id)");
      }
      this.instance = name;
      return this;
    }

    /** Accept only a node with exactly this SPIFFE ID (default: any node whose SVID verifies). */
    public Builder expectNode(SpiffeId nodeId) {
      this.nodeAuthorizer = PeerAuthorizer.exactly(Objects.requireNonNull(nodeId, "nodeId"));
      return this;
    }

    /** How long connecting, the handshake and HELLO may take (default 10 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    /**
     * How long publishing waits while the outbound buffer is full, and subscribing for the node's
     * answer (default 10 s).
     */
    public Builder sendTimeout(Duration timeout) {
      this.sendTimeout = positive("sendTimeout", timeout);
      return this;
    }

    /** The longest frame accepted from the node (default 16 MiB). */
    public Builder maxFrameBytes(int bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxFrameBytes: " + bytes + " (expected: >= 1024)");
      }
      this.maxFrameBytes = bytes;
      return this;
    }

    /**
     * Receives the refusals of asynchronous publishes (denied, undeliverable, TTL expired) and
     * connection failures; called on the I/O thread, must not block. Default: ignore (they are
     * logged at debug).
     */
    public Builder onError(Consumer<FabricException> listener) {
      this.onError = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The clock certificates are verified at (default: the system clock). */
    public Builder clock(Clock newClock) {
      this.clock = Objects.requireNonNull(newClock, "clock");
      return this;
    }

    /**
     * Connects, completes the TLS handshake and HELLO.
     *
     * @throws FabricException {@link ErrorCode#UNAVAILABLE} when the node cannot be reached or the
     *     handshake fails, {@link ErrorCode#DENIED} when the node refuses the instance name
     */
    public FabricClient connect() throws FabricException {
      if (node == null) {
        throw new IllegalStateException("node: not set (expected: host:port of a fabric node)");
      }
      return new FabricClient(ClientConnection.open(this));
    }

    Optional<Name> instance() {
      return Optional.ofNullable(instance);
    }

    private static Duration positive(String what, Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + ": " + d + " (expected: > 0)");
      }
      return d;
    }
  }
}
