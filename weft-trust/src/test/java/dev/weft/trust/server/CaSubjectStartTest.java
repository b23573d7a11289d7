package dev.weft.trust.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.config.ConfigException;
import dev.weft.trust.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ca_subject} is parsed by the code that mints the CA: a subject that loads starts a server
 * whose CA has it, and one the CA could not use fails at load with file and line, not at start.
 */
class CaSubjectStartTest {
  @TempDir Path dir;

  @Test
  void aSubjectThatLoadsStartsTheServerWithIt() throws Exception {
    ServerConfig config = ServerConfig.load(write("C=US, O=Example, CN=Example CA"));

    try (TrustServer server = TrustServer.start(config)) {
      X509Certificate ca = server.bundle().x509Authorities().getFirst();
      // in the order written, as Bouncy Castle encodes it (the JDK prints it reversed)
      assertThat(ca.getSubjectX500Principal())
          .isEqualTo(new X500Principal("CN=Example CA, O=Example, C=US"));
    }
  }

  @Test
  void aSubjectTheCaCannotUseFailsAtLoad() throws Exception {
    Path file = write("C=USA");

    assertThatThrownBy(() -> ServerConfig.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            file
                + ":7: server.ca_subject: \"C=USA\" (expected: an X.500 name such as"
                + " O=Weft; country code attribute 2.5.4.6 must be exactly 2 characters per ISO 3166-1"
                + " / X.520, got 3: 'USA')");
  }

  private Path write(String subject) throws Exception {
    return Files.writeString(
        dir.resolve("server.yaml"),
        """
        server:
          trust_domain: example.org
          data_dir: data
          bind_address: 127.0.0.1
          bind_port: 0
          socket_path: admin.sock
          ca_subject: "%s"
        plugins:
          key_manager:
            memory: {}
        """
            .formatted(subject));
  }
}
