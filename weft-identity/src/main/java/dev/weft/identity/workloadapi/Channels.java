package dev.weft.identity.workloadapi;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.Executor;

/** Builds the gRPC channel to a Workload API unix socket (Netty epoll, plaintext). */
final class Channels {
  /** The header every Workload API call carries; agents reject calls without it. */
  static final Metadata.Key<String> SECURITY_HEADER =
      Metadata.Key.of("workload.spiffe.io", Metadata.ASCII_STRING_MARSHALLER);

  private Channels() {}

  /**
   * An event loop with one daemon thread for the channel's socket.
   *
   * @throws IllegalStateException if native epoll is unavailable (not Linux, or the natives did not
   *     load)
   */
  static EventLoopGroup eventLoop() {
    if (!Epoll.isAvailable()) {
      throw new IllegalStateException(
          "Workload API client: unix sockets need native epoll, which is unavailable: "
              + Epoll.unavailabilityCause());
    }
    return new MultiThreadIoEventLoopGroup(
        1, new DefaultThreadFactory("weft-workload-api", true), EpollIoHandler.newFactory());
  }

  /**
   * A channel to {@code endpoint}. It connects lazily and reconnects by itself; every call carries
   * {@code workload.spiffe.io: true}.
   */
  static ManagedChannel open(
      WorkloadApiEndpoint endpoint, EventLoopGroup eventLoop, Executor callbacks) {
    Metadata headers = new Metadata();
    headers.put(SECURITY_HEADER, "true");
    return NettyChannelBuilder.forAddress(new DomainSocketAddress(endpoint.socketPath().toString()))
        .channelType(EpollDomainSocketChannel.class, DomainSocketAddress.class)
        .eventLoopGroup(eventLoop)
        .executor(callbacks)
        .usePlaintext()
        // gRPC asks for TCP keepalive, which a unix socket does not have (Netty would warn on
        // every connect); a null value removes the option.
        .withOption(ChannelOption.SO_KEEPALIVE, null)
        // The authority of a unix socket is not a host name; "localhost" is what agents expect.
        .overrideAuthority("localhost")
        .intercept(MetadataUtils.newAttachHeadersInterceptor(headers))
        .build();
  }
}
