package dev.weft.agent.fabric;

import dev.weft.fabric.FabricException;
import dev.weft.fabric.client.FabricClient;
import dev.weft.fabric.mls.MlsMember;
import dev.weft.fabric.node.Node;
import dev.weft.fabric.node.NodeConfig;
import dev.weft.fabric.session.SessionEndpoint;
import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.source.IdentitySnapshot;
import dev.weft.identity.source.SwappableIdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.identity.svid.SvidException;
import dev.weft.identity.svid.X509Svid;
import dev.weft.testing.CertBuilder;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * One real fabric node on loopback (mutual TLS, its default policy) in trust domain {@code a.test}
 * with a CA minted in code; clients and session endpoints on it, with or without MLS. Closes them
 * all, newest first.
 */
final class FabricMesh implements AutoCloseable {

  private final CertBuilder.Issued root = CertBuilder.selfSignedCa("a.test").build();
  private final TrustBundle bundle =
      TrustBundle.ofX509(TrustDomain.parse("a.test"), List.of(root.cert()));
  private final List<AutoCloseable> open = new ArrayList<>();
  final Node node;

  FabricMesh() throws FabricException {
    node =
        Node.builder(
                NodeConfig.of("node-a", "acme", InetSocketAddress.createUnresolved("127.0.0.1", 0)))
            .identity(source("spiffe://a.test/fabric/node-a"))
            .ioThreads(2)
            .start();
    open.add(node);
  }

  /** A source holding a fresh SVID for {@code id} and the a.test bundle. */
  SwappableIdentitySource source(String id) {
    CertBuilder.Issued leaf = CertBuilder.svid(id).issuer(root).build();
    try {
      X509Svid svid = X509Svid.of(List.of(leaf.cert()), leaf.privateKey(), "");
      return SwappableIdentitySource.of(new IdentitySnapshot(svid, BundleSet.of(bundle)));
    } catch (SvidException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A session endpoint of a fresh client as {@code source}'s identity; MLS when asked. */
  SessionEndpoint endpoint(SwappableIdentitySource source, boolean mls) throws FabricException {
    FabricClient client = FabricClient.builder(source).node(node.localAddress()).connect();
    open.add(0, client);
    SessionEndpoint.Builder b = SessionEndpoint.builder(client);
    if (mls) {
      b.mls(MlsMember.of(source), id -> true);
    }
    SessionEndpoint endpoint = b.start();
    open.add(0, endpoint);
    return endpoint;
  }

  /** Closes {@code c} with the rest, before them. */
  <T extends AutoCloseable> T add(T c) {
    open.add(0, c);
    return c;
  }

  static SpiffeId id(String text) {
    return SpiffeId.parse(text);
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
