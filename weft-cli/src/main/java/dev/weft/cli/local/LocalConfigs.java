package dev.weft.cli.local;

import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The configuration files of a local trust domain. The server's file is written once and then left
 * to the operator (edit it and run {@code weft up} again); the agent's is rewritten on every start
 * because it carries the server's port.
 */
final class LocalConfigs {
  private LocalConfigs() {}

  static void writeServer(Path home, TrustDomain td) throws IOException {
    Path file = home.resolve("server.yaml");
    if (Files.exists(file)) {
      return;
    }
    Files.createDirectories(home);
    Files.writeString(
        file,
        """
        # Trust server of %s, written by weft up. Edit freely; weft up keeps this file.
        server:
          trust_domain: %s
          bind_address: 127.0.0.1
          bind_port: 0              # any free port; the bound port is written to server/node-api.port
          data_dir: server
          socket_path: server/admin.sock
          ca_ttl: 24h
          default_svid_ttl: 1h
          federation:
            refresh_floor: 10s
            bundle_endpoint:       # SPIFFE bundle endpoint (https_spiffe) for the other local domains
              address: 127.0.0.1
              port: 0              # any free port; written to server/bundle-endpoint.port
        plugins:
          data_store:
            sql:
              database_type: sqlite3
              connection_string: datastore.sqlite3
          key_manager:
            disk:
              keys_path: server/keys
        """
            .formatted(td, td));
  }

  static void writeAgent(Path home, TrustDomain td, int serverPort) throws IOException {
    Files.writeString(
        home.resolve("agent.yaml"),
        """
        # Node agent of %s, rewritten by every weft up (the server port can change).
        agent:
          trust_domain: %s
          server_address: 127.0.0.1
          server_port: %d
          socket_path: public/api.sock
          data_dir: agent
          trust_bundle_path: agent/bootstrap.pem
        """
            .formatted(td, td, serverPort));
  }

  /**
   * The fabric node of {@code td}, rewritten by every start (ports can change): it links to {@code
   * others} (trust domain to that node's port) and routes each one's org there.
   */
  static Path writeNode(
      Path home,
      TrustDomain td,
      SpiffeId nodeId,
      Path workloadSocket,
      int port,
      int adminPort,
      java.util.Map<TrustDomain, Integer> others)
      throws IOException {
    StringBuilder peers = new StringBuilder();
    StringBuilder routes = new StringBuilder();
    others.forEach(
        (other, otherPort) -> {
          SpiffeId peer = LocalFabric.nodeId(other);
          peers.append("  - ").append(peer).append('\n');
          routes
              .append("  ")
              .append(other)
              .append(":\n")
              .append("    endpoint: 127.0.0.1:")
              .append(otherPort)
              .append('\n')
              .append("    peer: ")
              .append(peer)
              .append('\n');
        });
    Path file = home.resolve("fabric/node.yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        """
        # Fabric node of %s, rewritten by every weft up (the ports can change).
        node:
          id: %s
          domain: weft-local
        local_endpoint: 127.0.0.1:%d
        admin_endpoint: 127.0.0.1:%d
        identity:
          workload_api_socket: unix://%s
          spiffe_id: %s
        link_peers:%s
        routes:%s
        """
            .formatted(
                td,
                td,
                port,
                adminPort,
                workloadSocket,
                nodeId,
                others.isEmpty()
                    ? " []"
                    : "                # the nodes of the other local trust domains\n"
                        + peers.toString().stripTrailing(),
                others.isEmpty()
                    ? " {}"
                    : "                    # org (= trust domain) -> its domain's node\n"
                        + routes.toString().stripTrailing()));
    return file;
  }
}
