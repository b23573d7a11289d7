package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.identity.pem.Pem;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code weft trust agent api fetch x509 --write DIR} replaces each file whole: a program that has
 * the previous certificate or key open reads it to its end unchanged after a new SVID is written,
 * the key is 0600 and the certificates 0644 whatever was there before, and no temporary file is
 * left.
 */
class ApiFetchWriteTest {
  private LocalWorkloadApi workloads;

  @BeforeEach
  void start() throws Exception {
    workloads = new LocalWorkloadApi();
  }

  @AfterEach
  void stop() {
    workloads.close();
  }

  @Test
  void writtenFilesAreReplacedWholeWithTheirModes() throws Exception {
    Path out = workloads.dir().resolve("svids");
    fetch(out);
    String firstCert = Files.readString(out.resolve("svid.0.pem"));
    String firstKey = Files.readString(out.resolve("svid.0.key"));
    Files.setPosixFilePermissions(
        out.resolve("svid.0.pem"), PosixFilePermissions.fromString("rw-rw-rw-"));

    try (InputStream oldCert = Files.newInputStream(out.resolve("svid.0.pem"));
        InputStream oldKey = Files.newInputStream(out.resolve("svid.0.key"))) {
      workloads.reissue("me.example.org");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                fetch(out);
                return !Files.readString(out.resolve("svid.0.pem")).equals(firstCert);
              });

      assertThat(new String(oldCert.readAllBytes(), StandardCharsets.US_ASCII))
          .isEqualTo(firstCert);
      assertThat(new String(oldKey.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo(firstKey);
    }
    assertThat(Pem.parseCertificates(Files.readString(out.resolve("svid.0.pem")))).isNotEmpty();
    assertThat(Pem.parsePrivateKey(Files.readString(out.resolve("svid.0.key")))).isNotNull();
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("svid.0.key"))))
        .isEqualTo("rw-------");
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("svid.0.pem"))))
        .isEqualTo("rw-r--r--");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(out.resolve("bundle.0.pem"))))
        .isEqualTo("rw-r--r--");
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("svid.0.pem", "svid.0.key", "bundle.0.pem");
    }
  }

  private void fetch(Path out) {
    Cli.Result r =
        Cli.run(
            "trust",
            "agent",
            "api",
            "fetch",
            "x509",
            "--socket",
            workloads.socket(),
            "--write",
            out.toString());
    assertThat(r.status()).as(r.err()).isZero();
  }
}
