package dev.weft.identity.svid;

import static dev.weft.identity.svid.TestPki.WEB;
import static dev.weft.identity.svid.TestPki.chain;
import static dev.weft.identity.svid.TestPki.intermediate;
import static dev.weft.identity.svid.TestPki.leaf;
import static dev.weft.identity.svid.TestPki.root;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.identity.pem.Pem;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.testing.CertBuilder.Issued;
import dev.weft.testing.Keys;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link X509Svid}: the shape checks at creation, the Workload API encoding, and toString. */
class X509SvidTest {
  private static final Issued ROOT = root("a.org").build();
  private static final Issued INTERMEDIATE = intermediate("a.org", ROOT).build();
  private static final Issued LEAF = leaf(WEB, INTERMEDIATE).build();

  @Test
  void ofKeepsChainKeyAndHint() throws Exception {
    List<X509Certificate> certs = new ArrayList<>(chain(LEAF, INTERMEDIATE));

    X509Svid svid = X509Svid.of(certs, LEAF.privateKey(), "internal");
    certs.clear();

    assertThat(svid.id()).isEqualTo(SpiffeId.parse(WEB));
    assertThat(svid.chain()).containsExactly(LEAF.cert(), INTERMEDIATE.cert());
    assertThat(svid.leaf()).isEqualTo(LEAF.cert());
    assertThat(svid.privateKey()).isEqualTo(LEAF.privateKey());
    assertThat(svid.hint()).isEqualTo("internal");
    assertThat(svid.expiresAt()).isEqualTo(LEAF.cert().getNotAfter().toInstant());
    assertThat(svid.issuedAt()).isEqualTo(LEAF.cert().getNotBefore().toInstant());
    assertThat(X509Svid.of(chain(LEAF), LEAF.privateKey(), null).hint()).isEmpty();
  }

  @Test
  void toStringShowsNoKey() throws Exception {
    X509Svid svid = X509Svid.of(chain(LEAF), LEAF.privateKey(), "");
    String encodedKey = Base64.getEncoder().encodeToString(LEAF.privateKey().getEncoded());

    assertThat(svid.toString())
        .isEqualTo(
            "X509Svid[spiffe://a.org/web, serial="
                + LEAF.cert().getSerialNumber().toString(16)
                + ", expires="
                + svid.expiresAt()
                + "]")
        .doesNotContain(encodedKey.substring(20, 40));
  }

  @Test
  void rsaAndEd25519LeavesAreAccepted() throws Exception {
    Issued rsa = leaf(WEB, ROOT).keyPair(Keys.rsa2048()).build();
    KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Issued edLeaf = leaf(WEB, ROOT).keyPair(ed).build();

    assertThat(X509Svid.of(chain(rsa), rsa.privateKey(), "").id()).isEqualTo(SpiffeId.parse(WEB));
    assertThat(X509Svid.of(chain(edLeaf), ed.getPrivate(), "").id()).isEqualTo(SpiffeId.parse(WEB));
  }

  @Test
  void privateKeyOfAnotherCertificateIsRejected() {
    assertThatThrownBy(() -> X509Svid.of(chain(LEAF), ROOT.privateKey(), ""))
        .isInstanceOf(SvidException.class)
        .hasMessage(
            "X.509-SVID spiffe://a.org/web: private key does not match the public key of the leaf"
                + " certificate");
    assertThatThrownBy(() -> X509Svid.of(chain(LEAF), Keys.rsa2048().getPrivate(), ""))
        .hasMessage(
            "X.509-SVID spiffe://a.org/web: private key does not match the public key of the leaf"
                + " certificate");
    assertThatThrownBy(() -> X509Svid.of(chain(LEAF), Keys.ec384().getPrivate(), ""))
        .hasMessage(
            "X.509-SVID spiffe://a.org/web: private key does not match the public key of the leaf"
                + " certificate");
  }

  @Test
  void shapeIsCheckedAtCreation() {
    assertThatThrownBy(() -> X509Svid.of(List.of(), LEAF.privateKey(), ""))
        .isInstanceOf(SvidException.class)
        .hasMessage("X.509-SVID: empty certificate chain");
    Issued tdOnly = leaf("spiffe://a.org", ROOT).build();
    assertThatThrownBy(() -> X509Svid.of(chain(tdOnly), tdOnly.privateKey(), ""))
        .hasMessageStartingWith("X.509-SVID spiffe://a.org: leaf SPIFFE ID has no path");
    Issued caLeaf = leaf(WEB, ROOT).ca(true).build();
    assertThatThrownBy(() -> X509Svid.of(chain(caLeaf), caLeaf.privateKey(), ""))
        .hasMessage(
            "X.509-SVID spiffe://a.org/web: leaf certificate has cA=true (expected: cA=false)");
    Issued notCa = intermediate("a.org", ROOT).ca(false).build();
    Issued under = leaf(WEB, notCa).build();
    assertThatThrownBy(() -> X509Svid.of(chain(under, notCa), under.privateKey(), ""))
        .hasMessage(
            "X.509-SVID spiffe://a.org/web: certificate 1 of the chain: cA=false (expected: cA=true"
                + " for a signing certificate)");
  }

  @Test
  void parseDerReadsTheWorkloadApiEncoding() throws Exception {
    X509Svid svid =
        X509Svid.parseDer(
            Pem.concatDer(chain(LEAF, INTERMEDIATE)), LEAF.privateKey().getEncoded(), "h");

    assertThat(svid.id()).isEqualTo(SpiffeId.parse(WEB));
    assertThat(svid.chain()).containsExactly(LEAF.cert(), INTERMEDIATE.cert());
    assertThat(svid.privateKey().getEncoded()).isEqualTo(LEAF.privateKey().getEncoded());
    assertThat(svid.hint()).isEqualTo("h");
  }

  @Test
  void parseDerErrorsCarryNoKeyMaterial() {
    byte[] certs = Pem.concatDer(chain(LEAF));
    byte[] key = LEAF.privateKey().getEncoded();
    byte[] cutKey = java.util.Arrays.copyOf(key, key.length - 3);

    assertThatThrownBy(() -> X509Svid.parseDer(new byte[0], key, ""))
        .isInstanceOf(SvidException.class)
        .hasMessage("X.509-SVID: DER: no certificate (0 bytes)");
    assertThatThrownBy(() -> X509Svid.parseDer(certs, cutKey, ""))
        .isInstanceOf(SvidException.class)
        .hasMessage(
            "X.509-SVID: private key: not a PKCS#8 EC, RSA or Ed25519 key ("
                + cutKey.length
                + " bytes)");
    assertThatThrownBy(() -> X509Svid.parseDer(certs, ROOT.privateKey().getEncoded(), ""))
        .hasMessageEndingWith("private key does not match the public key of the leaf certificate");
  }

  @Test
  void spiffeIdOfAcceptsASigningCertificatesTrustDomainId() throws Exception {
    assertThat(X509Svid.spiffeIdOf(ROOT.cert())).isEqualTo(SpiffeId.parse("spiffe://a.org"));
    Issued none = root("a.org").uris().build();
    assertThatThrownBy(() -> X509Svid.spiffeIdOf(none.cert()))
        .hasMessage("X.509-SVID: certificate has 0 URI SANs (expected: exactly 1)");
  }
}
