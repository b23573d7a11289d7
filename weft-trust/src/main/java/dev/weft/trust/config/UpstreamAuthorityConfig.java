package dev.weft.trust.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * An upstream CA that signs the trust server's CA certificate ({@code plugins.upstream_authority});
 * without one the server's CA is self-signed.
 */
public sealed interface UpstreamAuthorityConfig {

  /**
   * The upstream CA's certificate and key in PEM files ({@code disk}). Relative paths in a file are
   * relative to the file's directory.
   *
   * @param certFile {@code cert_file_path}: the upstream CA certificate
   * @param keyFile {@code key_file_path}: its private key
   * @param bundleFile {@code bundle_file_path}: further roots to publish in the bundle, if any
   */
  record Disk(Path certFile, Path keyFile, Optional<Path> bundleFile)
      implements UpstreamAuthorityConfig {
    public Disk {
      Objects.requireNonNull(certFile, "certFile");
      Objects.requireNonNull(keyFile, "keyFile");
      Objects.requireNonNull(bundleFile, "bundleFile");
    }
  }
}
