package dev.weft.trust.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.nio.channels.UnresolvedAddressException;
import org.junit.jupiter.api.Test;

/** What a failed fetch is reported as: an unknown host is not "connection refused". */
class FetchErrorTextTest {
  @Test
  void anUnresolvableHostIsReportedAsSuchNotAsConnectionRefused() {
    // what the JDK's HTTP client throws for a host name that does not resolve
    ConnectException e = new ConnectException();
    e.initCause(new UnresolvedAddressException());
    assertThat(BundleFetcher.describe(e)).isEqualTo("cannot resolve the host name (unknown host)");
  }

  @Test
  void aRefusedConnectionIsStillReportedAsOne() {
    assertThat(BundleFetcher.describe(new ConnectException()))
        .isEqualTo("cannot connect (connection refused or closed)");
  }
}
