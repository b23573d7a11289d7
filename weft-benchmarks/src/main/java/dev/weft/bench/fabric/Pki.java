package dev.weft.bench.fabric;

import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.source.IdentitySnapshot;
import dev.weft.identity.source.SwappableIdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.identity.svid.SvidException;
import dev.weft.identity.svid.X509Svid;
import dev.weft.testing.CertBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateEncodingException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A throwaway PKI for one benchmark run, minted in memory: one EC P-256 root per trust domain, and
 * X.509-SVIDs (SPIFFE ID in the URI SAN) issued by them. Every identity's snapshot holds the
 * bundles of all the run's trust domains, as federated workloads see them. Nothing is written to
 * disk except by {@link #writePem}, for processes (nats-server) that read PEM files.
 */
final class Pki {
  private final Map<TrustDomain, CertBuilder.Issued> roots = new LinkedHashMap<>();

  /** One issued identity: its SPIFFE ID, certificate and key, and a source serving them. */
  record Identity(SpiffeId id, CertBuilder.Issued leaf, SwappableIdentitySource source) {}

  Pki(String... trustDomains) {
    for (String name : trustDomains) {
      roots.put(TrustDomain.parse(name), CertBuilder.selfSignedCa(name).build());
    }
  }

  /**
   * Issues an SVID for {@code spiffeId} (its trust domain must be one of this PKI's), with the
   * given DNS names as extra SANs (for clients that check a host name, such as jnats).
   */
  Identity issue(String spiffeId, String... dnsNames) {
    SpiffeId id = SpiffeId.parse(spiffeId);
    CertBuilder.Issued root = roots.get(id.trustDomain());
    if (root == null) {
      throw new IllegalArgumentException(
          "spiffe id: " + spiffeId + " (expected: a trust domain among " + roots.keySet() + ")");
    }
    CertBuilder builder = CertBuilder.svid(spiffeId).issuer(root);
    if (dnsNames.length > 0) {
      builder.dnsNames(dnsNames);
    }
    CertBuilder.Issued leaf = builder.build();
    List<TrustBundle> bundles = new ArrayList<>();
    roots.forEach(
        (domain, issued) -> bundles.add(TrustBundle.ofX509(domain, List.of(issued.cert()))));
    try {
      X509Svid svid = X509Svid.of(List.of(leaf.cert()), leaf.privateKey(), "");
      return new Identity(
          id, leaf, SwappableIdentitySource.of(new IdentitySnapshot(svid, BundleSet.of(bundles))));
    } catch (SvidException e) {
      throw new IllegalStateException("minting the SVID of " + spiffeId + " failed", e);
    }
  }

  /**
   * Writes {@code identity}'s certificate to {@code dir/NAME.crt}, its key (PKCS#8, owner-only) to
   * {@code dir/NAME.key}, and the root of its trust domain to {@code dir/NAME-ca.crt}.
   */
  void writePem(Identity identity, Path dir, String name) throws IOException {
    try {
      Files.writeString(
          dir.resolve(name + ".crt"), pem("CERTIFICATE", identity.leaf().cert().getEncoded()));
      Files.writeString(
          dir.resolve(name + "-ca.crt"),
          pem("CERTIFICATE", roots.get(identity.id().trustDomain()).cert().getEncoded()));
    } catch (CertificateEncodingException e) {
      throw new IOException("encoding the certificate of " + identity.id() + " failed", e);
    }
    Path key = dir.resolve(name + ".key");
    Files.createFile(
        key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(key, pem("PRIVATE KEY", identity.leaf().privateKey().getEncoded()));
  }

  /**
   * Writes each trust domain's root to {@code dir/<trust domain>.bundle.crt}; returns the files.
   */
  Map<TrustDomain, Path> writeRoots(Path dir) throws IOException {
    Map<TrustDomain, Path> files = new LinkedHashMap<>();
    for (Map.Entry<TrustDomain, CertBuilder.Issued> root : roots.entrySet()) {
      Path file = dir.resolve(root.getKey().name() + ".bundle.crt");
      try {
        Files.writeString(file, pem("CERTIFICATE", root.getValue().cert().getEncoded()));
      } catch (CertificateEncodingException e) {
        throw new IOException("encoding the root of " + root.getKey() + " failed", e);
      }
      files.put(root.getKey(), file);
    }
    return files;
  }

  private static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
