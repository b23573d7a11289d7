package dev.weft.bench.fabric;

import dev.weft.fabric.node.Node;
import dev.weft.fabric.node.NodeConfig;
import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.source.IdentitySnapshot;
import dev.weft.identity.source.SwappableIdentitySource;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.identity.svid.X509Svid;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A Weft fabric node in its own JVM for {@code scripts/bench fabric}, so that its memory is
 * measured apart from the load generator's, as nats-server's is. Like nats-server in the same run,
 * it reads its throwaway SVID from PEM files:
 *
 * <pre>
 * NodeMain CONFIG.yaml CERT.pem KEY.pem TRUST_DOMAIN=BUNDLE.pem...
 * </pre>
 */
public final class NodeMain {
  private NodeMain() {}

  /** Starts the node and serves until the process is terminated. */
  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: NodeMain CONFIG CERT KEY TRUST_DOMAIN=BUNDLE...");
      System.exit(2);
    }
    NodeConfig config = NodeConfig.read(Path.of(args[0]));
    CertificateFactory x509 = CertificateFactory.getInstance("X.509");
    List<X509Certificate> chain = certificates(x509, Path.of(args[1]));
    byte[] der =
        Base64.getMimeDecoder()
            .decode(Files.readString(Path.of(args[2])).replaceAll("-----[A-Z ]+-----", ""));
    PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    List<TrustBundle> bundles = new ArrayList<>();
    for (int i = 3; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "bundle: \"" + args[i] + "\" (expected: TRUST_DOMAIN=FILE)");
      }
      bundles.add(
          TrustBundle.ofX509(
              TrustDomain.parse(args[i].substring(0, eq)),
              certificates(x509, Path.of(args[i].substring(eq + 1)))));
    }
    SwappableIdentitySource identity =
        SwappableIdentitySource.of(
            new IdentitySnapshot(X509Svid.of(chain, key, ""), BundleSet.of(bundles)));
    Node node = Node.builder(config).identity(identity).start();
    Runtime.getRuntime().addShutdownHook(new Thread(node::close, "node-shutdown"));
    System.out.println("node " + config.id() + " listening on " + node.localAddress());
    node.awaitClose();
  }

  private static List<X509Certificate> certificates(CertificateFactory x509, Path file)
      throws Exception {
    List<X509Certificate> certificates = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      x509.generateCertificates(in).forEach(c -> certificates.add((X509Certificate) c));
    }
    return certificates;
  }
}
