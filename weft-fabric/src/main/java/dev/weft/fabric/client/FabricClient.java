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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A connection to a fabric node, over mutual TLS with the workload's X.509-SVID (read from its
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
 *
 * <p><b>Reconnecting.</b> When the connection drops (the node stopped, the network failed; not
 * after {@link #close()}), the client tells the error listener ({@link ErrorCode#UNAVAILABLE}),
 * fails its pending requests with {@code UNAVAILABLE}, and redials on its own thread: each round
 * tries the {@linkplain Builder#nodes nodes} in order, the first preferred, and rounds are spaced
 * by a backoff that doubles from {@link Builder#reconnectBackoff 100 ms to 5 s}, each delay
 * jittered down by up to half. On a node that answers it says HELLO with the same instance name and
 * subscribes again to every live subscription (a refusal goes to the error listener; the
 * subscription stays registered), and only then is it {@linkplain #isConnected() connected} again,
 * counts a {@linkplain #reconnects() reconnect} and calls the {@linkplain Builder#onReconnect
 * reconnect listener}. While it is not connected, publishing, requests and subscribing fail at once
 * with {@code UNAVAILABLE}: nothing is queued for later, so memory stays bounded. Frames queued
 * just before the drop, and messages on their way, may be lost; sessions ({@code
 * dev.weft.fabric.session}) retransmit what was not acknowledged.
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

  /** The SPIFFE ID the node proved in the handshake (the last node connected to). */
  public SpiffeId nodeId() {
    return connection.nodePeerId();
  }

  /** The node's id from its configuration ({@code node.id}) (the last node connected to). */
  public String nodeName() {
    return connection.nodeName();
  }

  /** The address of the node connected to now (or last). */
  public InetSocketAddress nodeAddress() {
    return connection.nodeAddress();
  }

  /** How many times the client reconnected after losing its connection. */
  public long reconnects() {
    return connection.reconnects();
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

  /**
   * Whether the client is connected to a node now: the connection is open and, after a reconnect,
   * the subscriptions are restored.
   */
  public boolean isConnected() {
    return connection.isOpen();
  }

  /**
   * Closes the connection and stops reconnecting; pending requests fail with {@link
   * ErrorCode#UNAVAILABLE}.
   */
  @Override
  public void close() {
    connection.close();
  }

  /** Builds and connects a {@link FabricClient}. */
  public static final class Builder {
    final IdentitySource identity;
    List<InetSocketAddress> nodes = List.of();
    Name instance;
    PeerAuthorizer nodeAuthorizer = PeerAuthorizer.any();
    Duration connectTimeout = Duration.ofSeconds(10);
    Duration sendTimeout = Duration.ofSeconds(10);
    int maxFrameBytes = 16 << 20;
    Consumer<FabricException> onError = e -> {};
    Runnable onReconnect = () -> {};
    boolean reconnect = true;
    Duration reconnectInitial = Duration.ofMillis(100);
    Duration reconnectMax = Duration.ofSeconds(5);
    Clock clock = Clock.systemUTC();

    private Builder(IdentitySource identity) {
      this.identity = Objects.requireNonNull(identity, "identity");
    }

    /**
     * The node's address, {@code host:port} (the only node: replaces what {@link #nodes} set).
     *
     * @throws IllegalArgumentException in the form {@code node: "x" (expected: host:port)}
     */
    public Builder node(String hostPort) {
      this.nodes = List.of(HostPorts.parse("node", hostPort));
      return this;
    }

    /** The node's address (the only node: replaces what {@link #nodes} set). */
    public Builder node(InetSocketAddress address) {
      this.nodes = List.of(Objects.requireNonNull(address, "address"));
      return this;
    }

    /**
     * The addresses of several nodes, {@code host:port} each, the first preferred: connecting and
     * every reconnect round try them in this order. All of them are checked against {@link
     * #expectNode} (one set of node IDs for every address).
     *
     * @throws IllegalArgumentException in the form {@code nodes[1]: "x" (expected: host:port)}, or
     *     for an empty list
     */
    public Builder nodes(List<String> hostPorts) {
      Objects.requireNonNull(hostPorts, "hostPorts");
      if (hostPorts.isEmpty()) {
        throw new IllegalArgumentException("nodes: [] (expected: at least one host:port)");
      }
      List<InetSocketAddress> parsed = new ArrayList<>();
      for (int i = 0; i < hostPorts.size(); i++) {
        parsed.add(HostPorts.parse("nodes[" + i + "]", hostPorts.get(i)));
      }
      this.nodes = List.copyOf(parsed);
      return this;
    }

    /** The addresses of several nodes, the first preferred; see {@link #nodes(List)}. */
    public Builder nodeAddresses(List<InetSocketAddress> addresses) {
      Objects.requireNonNull(addresses, "addresses");
      if (addresses.isEmpty()) {
        throw new IllegalArgumentException("nodes: [] (expected: at least one host:port)");
      }
      this.nodes = List.copyOf(addresses);
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

    /**
     * Accept only a node that proves one of these SPIFFE IDs, on the first connection and on every
     * redial (default: any node whose SVID verifies). With several {@linkplain #nodes nodes}, give
     * the IDs of all of them: any address may be served by any of these IDs.
     *
     * @throws IllegalArgumentException for no ID
     */
    public Builder expectNode(SpiffeId... nodeIds) {
      for (SpiffeId id : nodeIds) {
        Objects.requireNonNull(id, "nodeId");
      }
      this.nodeAuthorizer = PeerAuthorizer.exactly(nodeIds);
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

    /**
     * Whether to reconnect after the connection drops (default true). Without it, a dropped client
     * stays disconnected: every call fails with {@link ErrorCode#UNAVAILABLE}.
     */
    public Builder reconnect(boolean enabled) {
      this.reconnect = enabled;
      return this;
    }

    /**
     * The delay before the first redial round after a drop, doubled every round up to {@code max},
     * each delay jittered down by up to half (default 100 ms and 5 s).
     *
     * @throws IllegalArgumentException when a duration is not positive or {@code max < initial}
     */
    public Builder reconnectBackoff(Duration initial, Duration max) {
      positive("reconnectBackoff.initial", initial);
      positive("reconnectBackoff.max", max);
      if (max.compareTo(initial) < 0) {
        throw new IllegalArgumentException(
            "reconnectBackoff.max: " + max + " (expected: >= initial " + initial + ")");
      }
      this.reconnectInitial = initial;
      this.reconnectMax = max;
      return this;
    }

    /**
     * Called after every reconnect, once the subscriptions are restored, on the client's reconnect
     * thread; should return quickly (default: nothing).
     */
    public Builder onReconnect(Runnable listener) {
      this.onReconnect = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The clock certificates are verified at (default: the system clock). */
    public Builder clock(Clock newClock) {
      this.clock = Objects.requireNonNull(newClock, "clock");
      return this;
    }

    /**
     * Connects to the first node of the list that answers, completes the TLS handshake and HELLO.
     *
     * @throws FabricException {@link ErrorCode#UNAVAILABLE} when the node cannot be reached or the
     *     handshake fails, {@link ErrorCode#DENIED} when the node refuses the instance name
     */
    public FabricClient connect() throws FabricException {
      if (nodes.isEmpty()) {
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
