package dev.weft.identity.svid;

import static dev.weft.identity.svid.TestPki.A;
import static dev.weft.identity.svid.TestPki.NOW;
import static dev.weft.identity.svid.TestPki.WEB;
import static dev.weft.identity.svid.TestPki.bundles;
import static dev.weft.identity.svid.TestPki.chain;
import static dev.weft.identity.svid.TestPki.intermediate;
import static dev.weft.identity.svid.TestPki.leaf;
import static dev.weft.identity.svid.TestPki.root;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.identity.spiffeid.InvalidSpiffeIdException;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.testing.CertBuilder;
import dev.weft.testing.CertBuilder.Issued;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

/** {@link X509SvidVerifier}: the X.509-SVID standard's rules on leaf and signing certificates. */
class X509SvidVerifierShapeTest {
  private static final Issued ROOT = root("a.org").build();
  private static final Issued INTERMEDIATE = intermediate("a.org", ROOT).build();
  private static final int LEAF_USAGE = KeyUsage.digitalSignature | KeyUsage.keyEncipherment;

  private static void assertRejected(CertBuilder leaf, String message) {
    assertRejected(chain(leaf.build()), message);
  }

  private static void assertRejected(List<X509Certificate> chain, String message) {
    assertThatThrownBy(() -> X509SvidVerifier.verify(chain, bundles(A, ROOT), NOW))
        .isInstanceOf(SvidException.class)
        .hasMessage(message);
  }

  @Test
  void leafWithoutBasicConstraintsAndWithDnsSansIsValid() throws Exception {
    Issued leaf = leaf(WEB, ROOT).ca((Boolean) null).dnsNames("web.a.org", "web").build();

    assertThat(X509SvidVerifier.verify(chain(leaf), bundles(A, ROOT), NOW))
        .isEqualTo(SpiffeId.parse(WEB));
  }

  @Test
  void leafWithOnlyDigitalSignatureIsValid() throws Exception {
    Issued leaf = leaf(WEB, ROOT).keyUsage(KeyUsage.digitalSignature, true).build();

    assertThat(X509SvidVerifier.verify(chain(leaf), bundles(A, ROOT), NOW))
        .isEqualTo(SpiffeId.parse(WEB));
  }

  @Test
  void emptyChain() {
    assertRejected(List.of(), "X.509-SVID: empty certificate chain");
    assertThatThrownBy(() -> X509SvidVerifier.verify(null, bundles(A, ROOT), NOW))
        .hasMessage("X.509-SVID: empty certificate chain");
  }

  @Test
  void zeroUriSans() {
    assertRejected(
        leaf(WEB, ROOT).uris().dnsNames("web.a.org"),
        "X.509-SVID: leaf certificate has 0 URI SANs (expected: exactly 1)");
  }

  @Test
  void twoUriSans() {
    assertRejected(
        leaf(WEB, ROOT).uris(WEB, "spiffe://a.org/admin"),
        "X.509-SVID: leaf certificate has 2 URI SANs (expected: exactly 1)");
    assertRejected(
        leaf(WEB, ROOT).uris(WEB, "https://a.org/web"),
        "X.509-SVID: leaf certificate has 2 URI SANs (expected: exactly 1)");
  }

  @Test
  void nonSpiffeUriSan() {
    assertRejected(
        leaf(WEB, ROOT).uris("https://a.org/web"),
        "X.509-SVID: leaf certificate URI SAN: invalid SPIFFE ID \"https://a.org/web\": scheme"
            + " must be \"spiffe\" (expected: spiffe://<trust-domain>/<path>)");
    assertThatThrownBy(
            () ->
                X509SvidVerifier.verify(
                    chain(leaf(WEB, ROOT).uris("spiffe://A.org/web").build()),
                    bundles(A, ROOT),
                    NOW))
        .hasCauseInstanceOf(InvalidSpiffeIdException.class);
  }

  @Test
  void leafWithTrustDomainIdHasNoPath() {
    assertRejected(
        leaf("spiffe://a.org", ROOT),
        "X.509-SVID spiffe://a.org: leaf SPIFFE ID has no path (expected: a workload ID such as"
            + " spiffe://a.org/<path>; a trust domain ID is for signing certificates)");
  }

  @Test
  void leafWithCaTrue() {
    assertRejected(
        leaf(WEB, ROOT).ca(true),
        "X.509-SVID spiffe://a.org/web: leaf certificate has cA=true (expected: cA=false)");
  }

  @Test
  void leafKeyUsageMissing() {
    assertRejected(
        leaf(WEB, ROOT).keyUsage(null, true),
        "X.509-SVID spiffe://a.org/web: leaf certificate has no key usage (expected: critical,"
            + " with digitalSignature)");
  }

  @Test
  void leafKeyUsageNotCritical() {
    assertRejected(
        leaf(WEB, ROOT).keyUsage(LEAF_USAGE, false),
        "X.509-SVID spiffe://a.org/web: leaf key usage is not marked critical");
  }

  @Test
  void leafKeyUsageWithoutDigitalSignature() {
    assertRejected(
        leaf(WEB, ROOT).keyUsage(KeyUsage.keyEncipherment | KeyUsage.keyAgreement, true),
        "X.509-SVID spiffe://a.org/web: leaf key usage lacks digitalSignature");
  }

  @Test
  void leafKeyUsageWithKeyCertSign() {
    assertRejected(
        leaf(WEB, ROOT).keyUsage(LEAF_USAGE | KeyUsage.keyCertSign, true),
        "X.509-SVID spiffe://a.org/web: leaf key usage has keyCertSign (not allowed in a leaf)");
  }

  @Test
  void leafKeyUsageWithCrlSign() {
    assertRejected(
        leaf(WEB, ROOT).keyUsage(LEAF_USAGE | KeyUsage.cRLSign, true),
        "X.509-SVID spiffe://a.org/web: leaf key usage has cRLSign (not allowed in a leaf)");
  }

  @Test
  void intermediateWithCaFalse() {
    Issued notCa = intermediate("a.org", ROOT).ca(false).build();
    Issued leaf = leaf(WEB, notCa).build();

    assertRejected(
        chain(leaf, notCa),
        "X.509-SVID spiffe://a.org/web: certificate 1 of the chain: cA=false (expected: cA=true"
            + " for a signing certificate)");
  }

  @Test
  void intermediateWithoutBasicConstraints() {
    Issued noBc = intermediate("a.org", ROOT).ca((Boolean) null).build();
    Issued leaf = leaf(WEB, noBc).build();

    assertRejected(
        chain(leaf, noBc),
        "X.509-SVID spiffe://a.org/web: certificate 1 of the chain: cA=false (expected: cA=true"
            + " for a signing certificate)");
  }

  @Test
  void intermediateWithoutKeyCertSign() {
    Issued noSign =
        intermediate("a.org", ROOT)
            .keyUsage(KeyUsage.cRLSign | KeyUsage.digitalSignature, true)
            .build();
    Issued leaf = leaf(WEB, noSign).build();

    assertRejected(
        chain(leaf, noSign),
        "X.509-SVID spiffe://a.org/web: certificate 1 of the chain: key usage lacks keyCertSign");
  }

  @Test
  void intermediateWithoutKeyUsage() {
    Issued noKu = intermediate("a.org", ROOT).keyUsage(null, true).build();
    Issued leaf = leaf(WEB, noKu).build();

    assertRejected(
        chain(leaf, noKu),
        "X.509-SVID spiffe://a.org/web: certificate 1 of the chain: no key usage (expected:"
            + " keyCertSign)");
  }

  @Test
  void secondIntermediateIsCheckedToo() {
    Issued notCa = intermediate("a.org", INTERMEDIATE).ca(false).build();
    Issued leaf = leaf(WEB, notCa).build();

    assertRejected(
        chain(leaf, notCa, INTERMEDIATE),
        "X.509-SVID spiffe://a.org/web: certificate 1 of the chain: cA=false (expected: cA=true"
            + " for a signing certificate)");
    Issued leaf2 = leaf(WEB, INTERMEDIATE).build();
    Issued badSecond = intermediate("a.org", ROOT).keyUsage(KeyUsage.cRLSign, true).build();
    assertRejected(
        chain(leaf2, INTERMEDIATE, badSecond),
        "X.509-SVID spiffe://a.org/web: certificate 2 of the chain: key usage lacks keyCertSign");
  }
}
