package dev.weft.trust.uds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.testing.TempSockets;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.InternalNettyServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UnixSocketServerTest {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private final TempSockets sockets = new TempSockets();

  @AfterEach
  void cleanUp() {
    sockets.close();
  }

  @Test
  void aCallSeesThePeerCredentialsOfThisJvm() throws Exception {
    try (UnixSocketServer server =
        UnixSocketServer.start(sockets.socket("a.sock"), OWNER_ONLY, List.of(WhoAmI.service()))) {
      ManagedChannel channel = UnixSocketChannels.open(server.socket());
      try {
        String answer = WhoAmI.ask(channel);
        int pid = (int) ProcessHandle.current().pid();
        PeerCredentials expected =
            new PeerCredentials(
                pid,
                ProcSelf.uid(),
                List.of(ProcSelf.gid()),
                ProcessAtConnect.read(java.nio.file.Path.of("/proc"), pid));
        assertThat(answer).isEqualTo(expected.toString());
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void theSocketGetsTheRequestedPermissionsAndCloseRemovesIt() throws Exception {
    Path socket = sockets.socket("p.sock");
    UnixSocketServer server = UnixSocketServer.start(socket, OWNER_ONLY, List.of(WhoAmI.service()));
    assertThat(server.socket()).isEqualTo(socket);
    assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(OWNER_ONLY);
    server.close();
    assertThat(socket).doesNotExist();
    server.close(); // idempotent
    assertThat(socket).doesNotExist();
  }

  @Test
  void worldWritablePermissionsAreAppliedToo() throws Exception {
    Set<PosixFilePermission> open = PosixFilePermissions.fromString("rw-rw-rw-");
    try (UnixSocketServer server =
        UnixSocketServer.start(sockets.socket("w.sock"), open, List.of(WhoAmI.service()))) {
      assertThat(Files.getPosixFilePermissions(server.socket())).isEqualTo(open);
    }
  }

  @Test
  void aStaleSocketFileIsReplaced() throws Exception {
    Path socket = sockets.socket("stale.sock");
    try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(socket));
    }
    assertThat(socket).exists(); // closing a JDK unix server channel leaves the file behind

    try (UnixSocketServer server =
        UnixSocketServer.start(socket, OWNER_ONLY, List.of(WhoAmI.service()))) {
      ManagedChannel channel = UnixSocketChannels.open(server.socket());
      try {
        assertThat(WhoAmI.ask(channel)).startsWith("PeerCredentials[pid=");
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aLiveServerOnThePathIsNotReplaced() throws Exception {
    Path socket = sockets.socket("live.sock");
    try (UnixSocketServer first =
        UnixSocketServer.start(socket, OWNER_ONLY, List.of(WhoAmI.service()))) {
      assertThatThrownBy(
              () -> UnixSocketServer.start(socket, OWNER_ONLY, List.of(WhoAmI.service())))
          .isInstanceOf(IOException.class)
          .hasMessage(
              "socket: "
                  + socket
                  + " is in use by a running server (expected: a free "
                  + "path; stop that server or choose another path)");
      ManagedChannel channel = UnixSocketChannels.open(first.socket());
      try {
        assertThat(WhoAmI.ask(channel)).startsWith("PeerCredentials[pid=");
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aRegularFileOnThePathIsLeftAlone() throws Exception {
    Path file = sockets.socket("file.sock");
    Files.writeString(file, "keep me");
    assertThatThrownBy(() -> UnixSocketServer.start(file, OWNER_ONLY, List.of(WhoAmI.service())))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "socket: "
                + file
                + " exists and is not a unix socket (expected: a free path "
                + "or a stale socket; remove it or choose another path)");
    assertThat(file).hasContent("keep me");
  }

  @Test
  void aTooLongPathIsRejectedBeforeAnythingIsCreated() {
    Path dir = sockets.dir().resolve("x".repeat(60));
    Path socket = dir.resolve("y".repeat(60) + ".sock");
    int bytes = socket.toString().length();
    assertThatThrownBy(() -> UnixSocketServer.start(socket, OWNER_ONLY, List.of(WhoAmI.service())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "socket: "
                + socket
                + " (expected: at most 107 bytes, got "
                + bytes
                + "; unix socket paths are limited, choose a shorter path)");
    assertThat(dir).doesNotExist();
    assertThatThrownBy(() -> UnixSocketChannels.open(socket))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("socket: " + socket + " (expected: at most 107 bytes");
  }

  @Test
  void missingParentDirectoriesAreCreated() throws Exception {
    Path socket = sockets.dir().resolve("run/weft/agent.sock");
    try (UnixSocketServer server =
        UnixSocketServer.start(socket, OWNER_ONLY, List.of(WhoAmI.service()))) {
      assertThat(server.socket()).exists();
    }
    assertThat(socket).doesNotExist();
  }

  @Test
  void noCredentialsOutsideACall() {
    assertThat(PeerCredentials.current()).isEmpty();
  }

  @Test
  void callsOnAConnectionWithoutPeerCredentialsAreRefused() throws Exception {
    // The negotiator on a TCP connection: there are no unix credentials to read.
    Server tcp =
        NettyServerBuilder.forAddress(
                new InetSocketAddress("127.0.0.1", 0),
                InternalNettyServerCredentials.create(new PeerCredentialsNegotiator()))
            .intercept(new PeerCredentialsInterceptor())
            .addService(WhoAmI.service())
            .build()
            .start();
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", tcp.getPort()).usePlaintext().build();
    try {
      assertThatThrownBy(() -> WhoAmI.ask(channel))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                assertThat(e.getStatus().getDescription())
                    .isEqualTo("peer credentials of the caller are unavailable");
              });
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      tcp.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void callsWithoutTheNegotiatorAreRefusedByTheInterceptor() throws Exception {
    Server tcp =
        NettyServerBuilder.forAddress(
                new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
            .intercept(new PeerCredentialsInterceptor())
            .addService(WhoAmI.service())
            .build()
            .start();
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", tcp.getPort()).usePlaintext().build();
    try {
      assertThatThrownBy(() -> WhoAmI.ask(channel))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      tcp.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
