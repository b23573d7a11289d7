package dev.weft.identity.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.testing.CertBuilder;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link BundleSet}: one bundle per trust domain, never merged. */
class BundleSetTest {
  private static final TrustDomain A = TrustDomain.parse("a.org");
  private static final TrustDomain B = TrustDomain.parse("b.org");
  private static final X509Certificate ROOT_A = CertBuilder.selfSignedCa("a.org").build().cert();
  private static final X509Certificate ROOT_A2 = CertBuilder.selfSignedCa("a.org").build().cert();
  private static final X509Certificate ROOT_B = CertBuilder.selfSignedCa("b.org").build().cert();
  private static final TrustBundle BUNDLE_A = TrustBundle.ofX509(A, List.of(ROOT_A));
  private static final TrustBundle BUNDLE_B = TrustBundle.ofX509(B, List.of(ROOT_B));

  @Test
  void keyedByTrustDomain() {
    BundleSet set = BundleSet.of(BUNDLE_B, BUNDLE_A);

    assertThat(set.get(A)).contains(BUNDLE_A);
    assertThat(set.get(B)).contains(BUNDLE_B);
    assertThat(set.get(TrustDomain.parse("c.org"))).isEmpty();
    assertThat(set.size()).isEqualTo(2);
    assertThat(set.trustDomains()).containsExactly(A, B);
    assertThat(set.bundles()).containsExactly(BUNDLE_A, BUNDLE_B);
    assertThat(set).hasToString("BundleSet[a.org, b.org]");
  }

  @Test
  void twoBundlesOfTheSameDomainAreRejectedNotMerged() {
    TrustBundle otherA = TrustBundle.ofX509(A, List.of(ROOT_A2));

    assertThatThrownBy(() -> BundleSet.of(BUNDLE_A, BUNDLE_B, otherA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bundles: two bundles for trust domain a.org (expected: one per trust domain)");
    assertThatThrownBy(() -> BundleSet.of(List.of(BUNDLE_A, BUNDLE_A)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withReplacesTheBundleOfThatDomainOnly() {
    BundleSet set = BundleSet.of(BUNDLE_A, BUNDLE_B);
    TrustBundle newA = TrustBundle.ofX509(A, List.of(ROOT_A2));

    BundleSet replaced = set.with(newA);

    assertThat(replaced.get(A)).contains(newA);
    assertThat(replaced.get(A).orElseThrow().x509Authorities()).containsExactly(ROOT_A2);
    assertThat(replaced.get(B)).contains(BUNDLE_B);
    assertThat(set.get(A)).contains(BUNDLE_A); // the original is unchanged
    assertThat(replaced.size()).isEqualTo(2);
  }

  @Test
  void withoutRemovesOneDomain() {
    BundleSet set = BundleSet.of(BUNDLE_A, BUNDLE_B);

    BundleSet less = set.without(A);

    assertThat(less.get(A)).isEmpty();
    assertThat(less.trustDomains()).containsExactly(B);
    assertThat(set.size()).isEqualTo(2);
    assertThat(less.without(A)).isEqualTo(less);
    assertThat(BundleSet.empty().without(A).size()).isZero();
  }

  @Test
  void isImmutable() {
    BundleSet set = BundleSet.of(BUNDLE_A);

    assertThatThrownBy(() -> set.bundles().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> set.trustDomains().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void equality() {
    assertThat(BundleSet.of(BUNDLE_A, BUNDLE_B))
        .isEqualTo(BundleSet.of(List.of(BUNDLE_B, BUNDLE_A)))
        .hasSameHashCodeAs(BundleSet.empty().with(BUNDLE_B).with(BUNDLE_A));
    assertThat(BundleSet.of(BUNDLE_A)).isNotEqualTo(BundleSet.of(BUNDLE_B));
    assertThat(BundleSet.empty()).isEqualTo(BundleSet.of(List.of()));
  }
}
