package dev.weft.trust.node;

import dev.weft.identity.bundle.BundleException;
import dev.weft.identity.bundle.SpiffeBundleFormat;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.pem.Pem;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.identity.svid.SvidException;
import dev.weft.identity.svid.X509Svid;
import dev.weft.trust.files.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Optional;

/**
 * The agent's own SVID and last known bundle, persisted in its data directory so that a restart
 * needs no new join token: {@value #CREDENTIALS} (the certificate chain and its private key in one
 * file, mode 0600, so that a key never goes without its certificate) and {@value #BUNDLE}. Each
 * file is replaced atomically with the file and its directory forced to disk ({@link AtomicFiles}).
 * Credentials of earlier versions ({@code agent-svid.pem} and {@code agent-key.pem}) are still
 * read, and removed once the credentials are next saved.
 */
final class NodeCredentials {
  static final String CREDENTIALS = "agent-credentials.pem";
  static final String BUNDLE = "bundle.json";
  private static final String LEGACY_SVID = "agent-svid.pem";
  private static final String LEGACY_KEY = "agent-key.pem";

  private final Path dir;
  private final TrustDomain trustDomain;

  NodeCredentials(Path dir, TrustDomain trustDomain) {
    this.dir = dir;
    this.trustDomain = trustDomain;
  }

  /**
   * The stored SVID and bundle if both exist, parse, and the SVID is still valid at {@code now}.
   */
  Optional<Stored> load(Instant now) throws IOException {
    AtomicFiles.removeLeftovers(dir, CREDENTIALS);
    AtomicFiles.removeLeftovers(dir, BUNDLE);
    Path credentials = dir.resolve(CREDENTIALS);
    Path bundleFile = dir.resolve(BUNDLE);
    if (!Files.exists(bundleFile)) {
      return Optional.empty();
    }
    try {
      X509Svid svid;
      if (Files.exists(credentials)) {
        String pem = Files.readString(credentials);
        svid = X509Svid.of(Pem.parseCertificates(pem), Pem.parsePrivateKey(pem), "");
      } else if (Files.exists(dir.resolve(LEGACY_SVID)) && Files.exists(dir.resolve(LEGACY_KEY))) {
        svid =
            X509Svid.of(
                Pem.parseCertificates(Files.readString(dir.resolve(LEGACY_SVID))),
                Pem.parsePrivateKey(Files.readString(dir.resolve(LEGACY_KEY))),
                "");
      } else {
        return Optional.empty();
      }
      TrustBundle bundle = SpiffeBundleFormat.parse(trustDomain, Files.readString(bundleFile));
      if (!now.isBefore(svid.expiresAt())) {
        return Optional.empty();
      }
      return Optional.of(new Stored(svid, bundle));
    } catch (GeneralSecurityException | SvidException | BundleException e) {
      throw new IOException(
          "stored agent credentials in "
              + dir
              + " are unreadable: "
              + e.getMessage()
              + " (delete them and attest again with a new join token)",
          e);
    }
  }

  /** Stores {@code svid} (chain and key together, mode 0600). */
  void saveSvid(X509Svid svid) throws IOException {
    String pem = Pem.writeCertificates(svid.chain()) + Pem.writePrivateKey(svid.privateKey());
    write(CREDENTIALS, pem, AtomicFiles.OWNER_ONLY);
    Files.deleteIfExists(dir.resolve(LEGACY_KEY));
    Files.deleteIfExists(dir.resolve(LEGACY_SVID));
  }

  void saveBundle(TrustBundle bundle) throws IOException {
    write(BUNDLE, SpiffeBundleFormat.write(bundle), PosixFilePermissions.fromString("rw-r--r--"));
  }

  private void write(
      String name, String content, java.util.Set<java.nio.file.attribute.PosixFilePermission> mode)
      throws IOException {
    Files.createDirectories(dir);
    AtomicFiles.write(dir.resolve(name), content.getBytes(StandardCharsets.US_ASCII), mode);
  }

  /** An SVID and bundle read back from disk. */
  record Stored(X509Svid svid, TrustBundle bundle) {}
}
