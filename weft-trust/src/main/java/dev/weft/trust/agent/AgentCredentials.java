package dev.weft.trust.agent;

import dev.weft.identity.bundle.BundleException;
import dev.weft.identity.bundle.SpiffeBundleFormat;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.pem.Pem;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.identity.svid.SvidException;
import dev.weft.identity.svid.X509Svid;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Optional;

/**
 * The agent's own SVID and last known bundle, persisted in its data directory so that a restart
 * needs no new join token: {@code agent-svid.pem}, {@code agent-key.pem} (mode 0600) and
 * {@code bundle.json}. Files are replaced atomically.
 */
final class AgentCredentials {
  private final Path dir;
  private final TrustDomain trustDomain;

  AgentCredentials(Path dir, TrustDomain trustDomain) {
    this.dir = dir;
    this.trustDomain = trustDomain;
  }

  /** The stored SVID and bundle if both exist, parse, and the SVID is still valid at {@code now}. */
  Optional<Stored> load(Instant now) throws IOException {
    Path svidFile = dir.resolve("agent-svid.pem");
    Path keyFile = dir.resolve("agent-key.pem");
    Path bundleFile = dir.resolve("bundle.json");
    if (!Files.exists(svidFile) || !Files.exists(keyFile) || !Files.exists(bundleFile)) {
      return Optional.empty();
    }
    try {
      X509Svid svid = X509Svid.of(
          Pem.parseCertificates(Files.readString(svidFile)),
          Pem.parsePrivateKey(Files.readString(keyFile)),
          "");
      TrustBundle bundle = SpiffeBundleFormat.parse(trustDomain, Files.readString(bundleFile));
      if (!now.isBefore(svid.expiresAt())) {
        return Optional.empty();
      }
      return Optional.of(new Stored(svid, bundle));
    } catch (GeneralSecurityException | SvidException | BundleException e) {
      throw new IOException("stored agent credentials in " + dir + " are unreadable: " + e.getMessage()
          + " (delete them and attest again with a new join token)", e);
    }
  }

  void saveSvid(X509Svid svid) throws IOException {
    write("agent-key.pem", Pem.writePrivateKey(svid.privateKey()), true);
    write("agent-svid.pem", Pem.writeCertificates(svid.chain()), false);
  }

  void saveBundle(TrustBundle bundle) throws IOException {
    write("bundle.json", SpiffeBundleFormat.write(bundle), false);
  }

  private void write(String name, String content, boolean secret) throws IOException {
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, name, ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--")));
    try {
      Files.writeString(tmp, content, StandardCharsets.US_ASCII);
      Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** An SVID and bundle read back from disk. */
  record Stored(X509Svid svid, TrustBundle bundle) {}
}
