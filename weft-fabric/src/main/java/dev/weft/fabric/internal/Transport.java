package dev.weft.fabric.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/** Netty's native epoll transport where it loads (Linux x86-64), NIO elsewhere. */
public final class Transport {

  private static final boolean EPOLL = Epoll.isAvailable();

  private Transport() {}

  /** Whether the native epoll transport is in use. */
  public static boolean isNative() {
    return EPOLL;
  }

  /** The transport's name, for logs: {@code epoll} or {@code nio}. */
  public static String name() {
    return EPOLL ? "epoll" : "nio";
  }

  /** An event loop group of {@code threads} threads (0: Netty's default) named {@code name}. */
  public static EventLoopGroup group(int threads, String name) {
    IoHandlerFactory factory = EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), factory);
  }

  /** The server channel class of the transport. */
  public static Class<? extends ServerChannel> serverChannel() {
    return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  /** The client channel class of the transport. */
  public static Class<? extends SocketChannel> socketChannel() {
    return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
  }
}
