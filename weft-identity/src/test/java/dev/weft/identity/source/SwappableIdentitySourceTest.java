package dev.weft.identity.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.workloadapi.TestDomain;
import org.junit.jupiter.api.Test;

class SwappableIdentitySourceTest {
  private final TestDomain a = TestDomain.create("a.org");

  @Test
  void anEmptySourceHasNoIdentityUntilSet() {
    SwappableIdentitySource source = SwappableIdentitySource.empty();

    assertThatThrownBy(source::current)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("identity source: no identity set yet");
    assertThatThrownBy(() -> source.update(s -> s))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("identity source: no identity set yet");

    IdentitySnapshot snapshot = new IdentitySnapshot(a.svid("/web"), BundleSet.of(a.bundle()));
    assertThat(source.set(snapshot)).isNull();
    assertThat(source.current()).isSameAs(snapshot);
  }

  @Test
  void setAndUpdateSwapTheWholeSnapshot() {
    IdentitySnapshot first = new IdentitySnapshot(a.svid("/web"), BundleSet.of(a.bundle()));
    SwappableIdentitySource source = SwappableIdentitySource.of(first);
    IdentitySnapshot second = new IdentitySnapshot(a.svid("/web"), BundleSet.of(a.bundle()));

    assertThat(source.set(second)).isSameAs(first);
    IdentitySnapshot third = source.update(s -> new IdentitySnapshot(s.svid(), BundleSet.empty()));

    assertThat(source.current()).isSameAs(third);
    assertThat(third.svid()).isSameAs(second.svid());
    assertThat(third.bundles().size()).isZero();
  }
}
