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

import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.testing.CertBuilder.Issued;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@link X509SvidVerifier} and time: every certificate of the chain, and the authority. */
class X509SvidVerifierTimeTest {
  private static final Issued ROOT = root("a.org").build();
  private static final Issued INTERMEDIATE = intermediate("a.org", ROOT).build();

  @Test
  void validFromNotBeforeThroughNotAfterInclusive() throws Exception {
    Issued leaf = leaf(WEB, ROOT).build();
    Instant notBefore = leaf.cert().getNotBefore().toInstant();
    Instant notAfter = leaf.cert().getNotAfter().toInstant();

    assertThat(X509SvidVerifier.verify(chain(leaf), bundles(A, ROOT), notBefore))
        .isEqualTo(SpiffeId.parse(WEB));
    assertThat(X509SvidVerifier.verify(chain(leaf), bundles(A, ROOT), notAfter))
        .isEqualTo(SpiffeId.parse(WEB));
  }

  @Test
  void expiredLeaf() {
    Issued leaf =
        leaf(WEB, ROOT).validity(NOW.minus(Duration.ofHours(2)), NOW.minusSeconds(1)).build();

    assertThatThrownBy(() -> X509SvidVerifier.verify(chain(leaf), bundles(A, ROOT), NOW))
        .isInstanceOf(SvidException.class)
        .hasMessage("X.509-SVID spiffe://a.org/web: expired at 2031-05-04T11:59:59Z");
  }

  @Test
  void notYetValidLeaf() {
    Issued leaf =
        leaf(WEB, ROOT).validity(NOW.plusSeconds(60), NOW.plus(Duration.ofHours(2))).build();

    assertThatThrownBy(() -> X509SvidVerifier.verify(chain(leaf), bundles(A, ROOT), NOW))
        .isInstanceOf(SvidException.class)
        .hasMessage("X.509-SVID spiffe://a.org/web: not valid before 2031-05-04T12:01:00Z");
  }

  @Test
  void expiredIntermediate() {
    Issued expired =
        intermediate("a.org", ROOT)
            .validity(NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(1)))
            .build();
    Issued leaf = leaf(WEB, expired).build();

    assertThatThrownBy(() -> X509SvidVerifier.verify(chain(leaf, expired), bundles(A, ROOT), NOW))
        .isInstanceOf(SvidException.class)
        .hasMessage(
            "X.509-SVID spiffe://a.org/web: certificate 1 of the chain: expired at"
                + " 2031-05-03T12:00:00Z");
  }

  @Test
  void notYetValidIntermediate() {
    Issued early =
        intermediate("a.org", ROOT)
            .validity(NOW.plusSeconds(5), NOW.plus(Duration.ofDays(1)))
            .build();
    Issued leaf = leaf(WEB, early).build();

    assertThatThrownBy(() -> X509SvidVerifier.verify(chain(leaf, early), bundles(A, ROOT), NOW))
        .hasMessage(
            "X.509-SVID spiffe://a.org/web: certificate 1 of the chain: not valid before"
                + " 2031-05-04T12:00:05Z");
  }

  @Test
  void expiredRootInTheChainIsReportedByPosition() {
    Issued oldRoot =
        root("a.org")
            .validity(NOW.minus(Duration.ofDays(9)), NOW.minus(Duration.ofDays(1)))
            .build();
    Issued leaf = leaf(WEB, oldRoot).build();

    assertThatThrownBy(
            () -> X509SvidVerifier.verify(chain(leaf, oldRoot), bundles(A, oldRoot), NOW))
        .hasMessage(
            "X.509-SVID spiffe://a.org/web: certificate 1 of the chain: expired at"
                + " 2031-05-03T12:00:00Z");
  }

  @Test
  void expiredAuthorityInTheBundleDoesNotAnchor() {
    Issued oldRoot =
        root("a.org")
            .validity(NOW.minus(Duration.ofDays(9)), NOW.minus(Duration.ofDays(1)))
            .build();
    Issued leaf = leaf(WEB, oldRoot).build();

    assertThatThrownBy(() -> X509SvidVerifier.verify(chain(leaf), bundles(A, oldRoot), NOW))
        .isInstanceOf(SvidException.class)
        .hasMessage(
            "X.509-SVID spiffe://a.org/web: no X.509 authority of trust domain a.org is usable at"
                + " 2031-05-04T12:00:00Z (each is expired, not yet valid, or not a CA with"
                + " keyCertSign)");
  }

  @Test
  void duringRotationOnlyTheValidAuthorityAnchors() throws Exception {
    Issued oldRoot =
        root("a.org")
            .subject("O=Weft Test,CN=a.org root 1")
            .validity(NOW.minus(Duration.ofDays(9)), NOW.minus(Duration.ofDays(1)))
            .build();
    Issued oldLeaf = leaf(WEB, oldRoot).build();
    Issued newLeaf = leaf(WEB, ROOT).build();

    assertThat(X509SvidVerifier.verify(chain(newLeaf), bundles(A, oldRoot, ROOT), NOW))
        .isEqualTo(SpiffeId.parse(WEB));
    assertThatThrownBy(
            () -> X509SvidVerifier.verify(chain(oldLeaf), bundles(A, oldRoot, ROOT), NOW))
        .hasMessage(
            "X.509-SVID spiffe://a.org/web: chain is not signed by a usable X.509 authority of"
                + " trust domain a.org");
  }

  @Test
  void theSameChainVerifiesOrNotByTheInstantGiven() throws Exception {
    Issued leaf = leaf(WEB, INTERMEDIATE).build();
    Instant later = leaf.cert().getNotAfter().toInstant().plusSeconds(1);

    assertThat(X509SvidVerifier.verify(chain(leaf, INTERMEDIATE), bundles(A, ROOT), NOW))
        .isEqualTo(SpiffeId.parse(WEB));
    assertThatThrownBy(
            () -> X509SvidVerifier.verify(chain(leaf, INTERMEDIATE), bundles(A, ROOT), later))
        .hasMessageStartingWith("X.509-SVID spiffe://a.org/web: expired at ");
  }
}
