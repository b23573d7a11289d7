package dev.weft.identity.workloadapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.testing.Keys;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import org.junit.jupiter.api.Test;

class KeyPairsTest {

  @Test
  void aKeyMatchesOnlyItsOwnPublicKey() throws Exception {
    KeyPair ec = Keys.ec256();
    KeyPair rsa = Keys.rsa2048();
    KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();

    assertThat(KeyPairs.match(ec.getPrivate(), ec.getPublic())).isTrue();
    assertThat(KeyPairs.match(rsa.getPrivate(), rsa.getPublic())).isTrue();
    assertThat(KeyPairs.match(ed.getPrivate(), ed.getPublic())).isTrue();
    assertThat(KeyPairs.match(ec.getPrivate(), Keys.ec256().getPublic())).isFalse();
    assertThat(KeyPairs.match(ec.getPrivate(), Keys.ec384().getPublic())).isFalse();
    assertThat(KeyPairs.match(rsa.getPrivate(), ec.getPublic())).isFalse();
  }
}
