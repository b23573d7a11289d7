package dev.weft.controller;

import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.policy.DecisionPath;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Starts controllers on loopback, with a SQLite store and a socket in a test directory. */
final class ControllerFixture implements AutoCloseable {

  static final String CONTROLLER_ID = "spiffe://admin.test/fabric/controller";

  final Federation federation = new Federation();
  final Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();

  ControllerFixture(Path dir) {
    this.dir = dir;
  }

  /** The configuration the tests start from: two cluster domains in the default mesh segment. */
  ControllerConfig config() {
    return config(0);
  }

  ControllerConfig config(int southboundPort) {
    return config(
        southboundPort,
        new ControllerConfig.StoreConfig(false, dir.resolve("controller.sqlite3").toString()));
  }

  ControllerConfig config(int southboundPort, ControllerConfig.StoreConfig store) {
    return new ControllerConfig(
        "controller",
        InetSocketAddress.createUnresolved("127.0.0.1", southboundPort),
        Optional.of(InetSocketAddress.createUnresolved("127.0.0.1", 0)),
        Optional.of(dir.resolve("controller.sock")),
        Optional.empty(),
        Optional.of(SpiffeId.parse(CONTROLLER_ID)),
        store,
        List.of(),
        DecisionPath.parse(ControllerConfig.DEFAULT_DECISION_PATH),
        Optional.empty(),
        Map.of(),
        Map.of(Federation.CLUSTER_A, "default", Federation.CLUSTER_B, "default"),
        List.of(),
        ControllerConfig.Limits.DEFAULTS);
  }

  Controller start(ControllerConfig config) throws ControllerException {
    Controller controller =
        Controller.builder(config).identity(federation.source(CONTROLLER_ID)).start();
    open.add(0, controller);
    return controller;
  }

  /** Closes {@code c} with the fixture (first). */
  <T extends AutoCloseable> T closeLater(T c) {
    open.add(0, c);
    return c;
  }

  @Override
  public void close() {
    for (AutoCloseable c : open) {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
