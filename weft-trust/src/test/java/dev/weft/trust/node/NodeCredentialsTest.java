package dev.weft.trust.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.pem.Pem;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.identity.svid.X509Svid;
import dev.weft.testing.CertBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's stored credentials: the key and its certificate are one file, written atomically with
 * mode 0600, so that no reader (and no crash) ever sees a key without its certificate, a part of a
 * file, or a secret readable by others.
 */
class NodeCredentialsTest {
  private static final TrustDomain TD = TrustDomain.parse("example.org");

  private final CertBuilder.Issued root = CertBuilder.selfSignedCa("example.org").build();

  @Test
  void keyAndCertificateAreOneOwnerOnlyFileAndNothingElseIsLeft(@TempDir Path dir)
      throws Exception {
    NodeCredentials credentials = new NodeCredentials(dir, TD);
    X509Svid first = svid();
    credentials.saveSvid(first);
    credentials.saveBundle(TrustBundle.ofX509(TD, List.of(root.cert())));
    X509Svid second = svid();
    credentials.saveSvid(second);

    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder("agent-credentials.pem", "bundle.json");
    }
    Path file = dir.resolve("agent-credentials.pem");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    String pem = Files.readString(file);
    assertThat(Pem.parseCertificates(pem)).isEqualTo(second.chain());
    assertThat(Pem.parsePrivateKey(pem)).isEqualTo(second.privateKey());
    assertThat(credentials.load(Instant.now()).orElseThrow().svid().leaf())
        .isEqualTo(second.leaf());
  }

  @Test
  void whatACrashLeftMidWriteIsRemovedAndTheLastWholeFileStays(@TempDir Path dir) throws Exception {
    NodeCredentials credentials = new NodeCredentials(dir, TD);
    X509Svid saved = svid();
    credentials.saveSvid(saved);
    credentials.saveBundle(TrustBundle.ofX509(TD, List.of(root.cert())));
    Path partial = dir.resolve(".agent-credentials.pem.123456.tmp");
    Files.writeString(partial, "-----BEGIN CERTIFICATE-----\nMIIB");

    assertThat(credentials.load(Instant.now()).orElseThrow().svid().leaf()).isEqualTo(saved.leaf());
    assertThat(partial).doesNotExist();
  }

  @Test
  void credentialsOfEarlierVersionsAreReadAndReplacedBySavingAgain(@TempDir Path dir)
      throws Exception {
    X509Svid legacy = svid();
    Files.writeString(dir.resolve("agent-svid.pem"), Pem.writeCertificates(legacy.chain()));
    Files.writeString(dir.resolve("agent-key.pem"), Pem.writePrivateKey(legacy.privateKey()));
    NodeCredentials credentials = new NodeCredentials(dir, TD);
    credentials.saveBundle(TrustBundle.ofX509(TD, List.of(root.cert())));

    assertThat(credentials.load(Instant.now()).orElseThrow().svid().leaf())
        .isEqualTo(legacy.leaf());
    credentials.saveSvid(svid());
    assertThat(dir.resolve("agent-svid.pem")).doesNotExist();
    assertThat(dir.resolve("agent-key.pem")).doesNotExist();
  }

  private X509Svid svid() throws Exception {
    CertBuilder.Issued leaf =
        CertBuilder.svid("spiffe://example.org/weft/agent/a").issuer(root).build();
    return X509Svid.of(List.of(leaf.cert()), leaf.privateKey(), "");
  }
}
