package dev.weft.identity.svid;

import static dev.weft.identity.svid.TestPki.A;
import static dev.weft.identity.svid.TestPki.B;
import static dev.weft.identity.svid.TestPki.NOW;
import static dev.weft.identity.svid.TestPki.WEB;
import static dev.weft.identity.svid.TestPki.bundle;
import static dev.weft.identity.svid.TestPki.bundles;
import static dev.weft.identity.svid.TestPki.chain;
import static dev.weft.identity.svid.TestPki.intermediate;
import static dev.weft.identity.svid.TestPki.leaf;
import static dev.weft.identity.svid.TestPki.root;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.testing.CertBuilder.Issued;
import dev.weft.testing.Keys;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link X509SvidVerifier}: chains that verify, and chains that lead to the wrong authority. */
class X509SvidVerifierTrustTest {
  private static final Issued ROOT_A = root("a.org").build();
  private static final Issued ROOT_B = root("b.org").build();
  private static final Issued INTERMEDIATE_A = intermediate("a.org", ROOT_A).build();

  private static void assertRejected(List<X509Certificate> chain, BundleSet set, String message) {
    assertThatThrownBy(() -> X509SvidVerifier.verify(chain, set, NOW))
        .isInstanceOf(SvidException.class)
        .hasMessage(message);
  }

  @Test
  void leafDirectlyUnderRoot() throws Exception {
    Issued leaf = leaf(WEB, ROOT_A).build();

    SpiffeId id = X509SvidVerifier.verify(chain(leaf), bundles(A, ROOT_A), NOW);

    assertThat(id).isEqualTo(SpiffeId.parse(WEB));
  }

  @Test
  void leafUnderIntermediate() throws Exception {
    Issued leaf = leaf(WEB, INTERMEDIATE_A).build();

    assertThat(X509SvidVerifier.verify(chain(leaf, INTERMEDIATE_A), bundles(A, ROOT_A), NOW))
        .isEqualTo(SpiffeId.parse(WEB));
  }

  @Test
  void chainThatIncludesTheRoot() throws Exception {
    Issued leaf = leaf(WEB, INTERMEDIATE_A).build();

    assertThat(
            X509SvidVerifier.verify(chain(leaf, INTERMEDIATE_A, ROOT_A), bundles(A, ROOT_A), NOW))
        .isEqualTo(SpiffeId.parse(WEB));
  }

  @Test
  void twoIntermediatesAndAnRsaRoot() throws Exception {
    Issued rsaRoot = root("a.org").keyPair(Keys.rsa2048()).build();
    Issued first = intermediate("a.org", rsaRoot).build();
    Issued second = intermediate("a.org", first).build();
    Issued leaf = leaf(WEB, second).build();

    assertThat(X509SvidVerifier.verify(chain(leaf, second, first), bundles(A, rsaRoot), NOW))
        .isEqualTo(SpiffeId.parse(WEB));
  }

  @Test
  void oneOfSeveralAuthoritiesOfTheDomainSuffices() throws Exception {
    Issued next = root("a.org").build();
    Issued leaf = leaf(WEB, next).build();

    assertThat(X509SvidVerifier.verify(chain(leaf), bundles(A, ROOT_A, next), NOW))
        .isEqualTo(SpiffeId.parse(WEB));
  }

  @Test
  void forgedLeafSignatureUnderRoot() {
    Issued forged = leaf(WEB, ROOT_A).issuer(ROOT_A.cert(), Keys.ec256().getPrivate()).build();

    assertRejected(
        chain(forged),
        bundles(A, ROOT_A),
        "X.509-SVID spiffe://a.org/web: certificate 0 of the chain: signature does not verify"
            + " against its issuer");
    assertRejected(
        chain(forged, ROOT_A),
        bundles(A, ROOT_A),
        "X.509-SVID spiffe://a.org/web: certificate 0 of the chain: signature does not verify"
            + " against its issuer");
  }

  @Test
  void forgedLeafSignatureUnderIntermediate() {
    Issued forged =
        leaf(WEB, INTERMEDIATE_A).issuer(INTERMEDIATE_A.cert(), Keys.ec256().getPrivate()).build();

    assertRejected(
        chain(forged, INTERMEDIATE_A),
        bundles(A, ROOT_A),
        "X.509-SVID spiffe://a.org/web: certificate 0 of the chain: signature does not verify"
            + " against its issuer");
  }

  @Test
  void forgedIntermediateSignature() {
    Issued forgedIntermediate =
        intermediate("a.org", ROOT_A).issuer(ROOT_A.cert(), Keys.ec256().getPrivate()).build();
    Issued leaf = leaf(WEB, forgedIntermediate).build();

    assertRejected(
        chain(leaf, forgedIntermediate),
        bundles(A, ROOT_A),
        "X.509-SVID spiffe://a.org/web: certificate 1 of the chain: signature does not verify"
            + " against its issuer");
  }

  @Test
  void svidOfDomainAWhenOnlyBsBundleIsPresent() {
    Issued leaf = leaf(WEB, ROOT_A).build();

    assertRejected(
        chain(leaf),
        bundles(B, ROOT_A, ROOT_B),
        "X.509-SVID spiffe://a.org/web: no trust bundle for trust domain a.org (the domain is"
            + " unknown or not federated)");
  }

  @Test
  void svidOfDomainASignedByBsCaFailsEvenThoughBsCaIsTrustedForB() {
    Issued leaf = leaf(WEB, ROOT_B).build();
    BundleSet set = BundleSet.of(bundle(A, ROOT_A), bundle(B, ROOT_B));

    assertRejected(
        chain(leaf),
        set,
        "X.509-SVID spiffe://a.org/web: chain is not signed by a usable X.509 authority of trust"
            + " domain a.org");
    // The same CA does vouch for its own domain.
    assertThat(uncheckedVerify(chain(leaf("spiffe://b.org/api", ROOT_B).build()), set))
        .isEqualTo(SpiffeId.parse("spiffe://b.org/api"));
  }

  @Test
  void svidOfDomainAUnderBsIntermediateWithBsRootAppended() {
    Issued intermediateB = intermediate("b.org", ROOT_B).build();
    Issued leaf = leaf(WEB, intermediateB).build();
    BundleSet set = BundleSet.of(bundle(A, ROOT_A), bundle(B, ROOT_B));

    assertRejected(
        chain(leaf, intermediateB, ROOT_B),
        set,
        "X.509-SVID spiffe://a.org/web: chain is not signed by a usable X.509 authority of trust"
            + " domain a.org");
  }

  @Test
  void selfAppendedUntrustedRootIsNotTrusted() {
    Issued rogue = root("a.org").subject("O=Rogue,CN=a.org root").build();
    Issued leaf = leaf(WEB, rogue).build();

    assertRejected(
        chain(leaf, rogue),
        bundles(A, ROOT_A),
        "X.509-SVID spiffe://a.org/web: chain is not signed by a usable X.509 authority of trust"
            + " domain a.org");
  }

  @Test
  void untrustedRootNamedLikeTheTrustedOneFailsOnItsSignature() {
    Issued lookalike = root("a.org").build(); // same subject DN as ROOT_A, another key
    Issued leaf = leaf(WEB, lookalike).build();

    assertRejected(
        chain(leaf, lookalike),
        bundles(A, ROOT_A),
        "X.509-SVID spiffe://a.org/web: certificate 1 of the chain: signature does not verify"
            + " against its issuer");
    // Without the lookalike, the leaf's authority key identifier matches no authority.
    assertRejected(
        chain(leaf),
        bundles(A, ROOT_A),
        "X.509-SVID spiffe://a.org/web: chain is not signed by a usable X.509 authority of trust"
            + " domain a.org");
  }

  @Test
  void emptyBundleOfTheDomain() {
    Issued leaf = leaf(WEB, ROOT_A).build();

    assertRejected(
        chain(leaf),
        BundleSet.of(TrustBundle.empty(A)),
        "X.509-SVID spiffe://a.org/web: the bundle of trust domain a.org has no X.509 authorities");
    assertRejected(
        chain(leaf),
        BundleSet.empty(),
        "X.509-SVID spiffe://a.org/web: no trust bundle for trust domain a.org (the domain is"
            + " unknown or not federated)");
  }

  @Test
  void bundleAuthorityThatIsNotACaCannotAnchor() {
    Issued notCa = leaf("spiffe://a.org/impostor", ROOT_A).build();
    Issued leaf = leaf(WEB, notCa).build();

    assertRejected(
        chain(leaf),
        bundles(A, notCa),
        "X.509-SVID spiffe://a.org/web: no X.509 authority of trust domain a.org is usable at "
            + NOW
            + " (each is expired, not yet valid, or not a CA with keyCertSign)");
  }

  @Test
  void pathLengthConstraintIsEnforced() {
    Issued limited = intermediate("a.org", ROOT_A).pathLen(0).build();
    // A subject of its own: a self-issued certificate would not count against the path length.
    Issued below = intermediate("a.org", limited).subject("O=Weft Test,CN=a.org CA 2").build();
    Issued leaf = leaf(WEB, below).build();

    assertThatThrownBy(
            () -> X509SvidVerifier.verify(chain(leaf, below, limited), bundles(A, ROOT_A), NOW))
        .isInstanceOf(SvidException.class)
        .hasMessageStartingWith(
            "X.509-SVID spiffe://a.org/web: chain does not verify against the bundle of trust"
                + " domain a.org: ");
  }

  private static SpiffeId uncheckedVerify(List<X509Certificate> chain, BundleSet set) {
    try {
      return X509SvidVerifier.verify(chain, set, NOW);
    } catch (SvidException e) {
      throw new AssertionError(e);
    }
  }
}
