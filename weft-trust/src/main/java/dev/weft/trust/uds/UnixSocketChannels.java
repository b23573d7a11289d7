package dev.weft.trust.uds;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Client channels to gRPC servers on unix domain sockets. */
public final class UnixSocketChannels {
  private UnixSocketChannels() {}

  /**
   * A plaintext channel to the server on {@code socket}. Connects lazily; the caller shuts it down.
   * All such channels share one daemon I/O thread.
   *
   * @throws IllegalArgumentException if the socket path is longer than 107 bytes
   * @throws UncheckedIOException if the epoll transport is unavailable on this platform
   */
  public static ManagedChannel open(Path socket) {
    Path path = SocketPaths.checked(socket);
    return NettyChannelBuilder.forAddress(
            new DomainSocketAddress(path.toString()), InsecureChannelCredentials.create())
        .channelType(EpollDomainSocketChannel.class, DomainSocketAddress.class)
        .eventLoopGroup(ClientLoop.group())
        .overrideAuthority("localhost")
        .build();
  }

  /** The shared client event loop, created on first use and kept for the life of the JVM. */
  private static final class ClientLoop {
    @GuardedBy("ClientLoop.class")
    private static EventLoopGroup group;

    static synchronized EventLoopGroup group() {
      if (group == null) {
        try {
          SocketPaths.requireEpoll();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        group =
            new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory("weft-uds-client", true), EpollIoHandler.newFactory());
      }
      return group;
    }
  }
}
