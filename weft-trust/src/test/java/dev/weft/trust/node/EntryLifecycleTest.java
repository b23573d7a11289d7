package dev.weft.trust.node;

import static dev.weft.trust.server.TrustPlane.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.weft.identity.bundle.SpiffeBundleFormat;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.proto.trust.v1.Bundle;
import dev.weft.proto.trust.v1.DeleteBundleRequest;
import dev.weft.proto.trust.v1.DeleteEntryRequest;
import dev.weft.proto.trust.v1.Entry;
import dev.weft.proto.trust.v1.SetBundleRequest;
import dev.weft.proto.trust.v1.UpdateEntryRequest;
import dev.weft.proto.workload.WorkloadProto.X509SVIDRequest;
import dev.weft.proto.workload.WorkloadProto.X509SVIDResponse;
import dev.weft.testing.CertBuilder;
import dev.weft.testing.MutableClock;
import dev.weft.trust.config.DataStoreConfig;
import dev.weft.trust.server.Certificates;
import dev.weft.trust.server.TrustPlane;
import dev.weft.trust.store.DataStore;
import dev.weft.trust.wire.EntryMessages;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.security.cert.X509Certificate;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Registration changes made on the server's admin API reach an open Workload API stream. */
class EntryLifecycleTest {
  private final MutableClock clock = MutableClock.startingNow();
  private TrustPlane plane;

  @BeforeEach
  void start() throws Exception {
    plane = TrustPlane.startWithAgent(clock);
  }

  @AfterEach
  void stop() {
    plane.close();
  }

  @Test
  void createUpdateAndDeleteReachTheWorkloadLive() throws Exception {
    Entry entry = plane.createWorkloadEntry("/web");
    X509SVIDResponse first = plane.awaitX509Svids();
    assertThat(first.getSvids(0).getSpiffeId()).isEqualTo("spiffe://example.org/web");
    assertThat(dnsNames(first)).isEmpty();

    Iterator<X509SVIDResponse> stream =
        plane
            .workload()
            .withDeadlineAfter(WAIT.toSeconds() * 2, TimeUnit.SECONDS)
            .fetchX509SVID(X509SVIDRequest.getDefaultInstance());
    assertThat(stream.next().getSvids(0).getX509Svid()).isEqualTo(first.getSvids(0).getX509Svid());

    Entry updated =
        plane
            .admin()
            .updateEntry(
                UpdateEntryRequest.newBuilder()
                    .setEntry(entry.toBuilder().addDnsNames("web.example.org"))
                    .build());
    assertThat(updated.getRevision()).isEqualTo(entry.getRevision() + 1);
    X509SVIDResponse renewed = nextMatching(stream, r -> dnsNames(r).contains("web.example.org"));
    assertThat(renewed.getSvidsList()).hasSize(1);
    assertThat(renewed.getSvids(0).getSpiffeId()).isEqualTo("spiffe://example.org/web");
    assertThat(dnsNames(renewed)).containsExactly("web.example.org");

    plane.admin().deleteEntry(DeleteEntryRequest.newBuilder().setId(entry.getId()).build());
    assertThatThrownBy(
            () -> {
              while (stream.hasNext()) {
                stream.next(); // a change still in flight may arrive first
              }
            })
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
              assertThat(e.getStatus().getDescription()).isEqualTo("no identity issued");
            });
    assertThatThrownBy(
            () -> plane.workload().fetchX509SVID(X509SVIDRequest.getDefaultInstance()).next())
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
  }

  @Test
  void aSecondEntryForTheSameWorkloadIsAddedToItsStream() throws Exception {
    plane.createWorkloadEntry("/web");
    plane.awaitX509Svids();
    Iterator<X509SVIDResponse> stream =
        plane
            .workload()
            .withDeadlineAfter(WAIT.toSeconds() * 2, TimeUnit.SECONDS)
            .fetchX509SVID(X509SVIDRequest.getDefaultInstance());
    assertThat(stream.next().getSvidsCount()).isEqualTo(1);

    plane.createWorkloadEntry("/db");

    X509SVIDResponse both = nextMatching(stream, r -> r.getSvidsCount() == 2);
    assertThat(both.getSvidsList())
        .extracting(s -> s.getSpiffeId())
        .containsExactlyInAnyOrder("spiffe://example.org/web", "spiffe://example.org/db");
  }

  @Test
  void federatedBundleChangesReachTheWorkloadsThatFederateWithThatDomain() throws Exception {
    X509Certificate first = CertBuilder.selfSignedCa("partner.org").build().cert();
    X509Certificate second = CertBuilder.selfSignedCa("partner.org").build().cert();
    setPartnerBundle(first);
    plane.createEntry(
        Entry.newBuilder()
            .setSpiffeId("spiffe://example.org/web")
            .setParentId(plane.agent().id().toString())
            .addSelectors(TrustPlane.thisUid())
            .addFederatesWith("partner.org")
            .build());
    X509SVIDResponse response = plane.awaitX509Svids();
    assertThat(response.getFederatedBundlesMap()).containsOnlyKeys("spiffe://partner.org");
    assertThat(response.getFederatedBundlesOrThrow("spiffe://partner.org").toByteArray())
        .isEqualTo(first.getEncoded());

    Iterator<X509SVIDResponse> stream =
        plane
            .workload()
            .withDeadlineAfter(WAIT.toSeconds() * 2, TimeUnit.SECONDS)
            .fetchX509SVID(X509SVIDRequest.getDefaultInstance());
    stream.next();
    setPartnerBundle(second);
    ByteString secondDer = ByteString.copyFrom(second.getEncoded());
    nextMatching(
        stream,
        r ->
            r.getFederatedBundlesOrDefault("spiffe://partner.org", ByteString.EMPTY)
                .equals(secondDer));

    plane
        .admin()
        .deleteBundle(DeleteBundleRequest.newBuilder().setTrustDomain("partner.org").build());
    nextMatching(stream, r -> r.getFederatedBundlesCount() == 0);
  }

  private void setPartnerBundle(X509Certificate root) {
    plane
        .admin()
        .setBundle(
            SetBundleRequest.newBuilder()
                .setBundle(
                    Bundle.newBuilder()
                        .setTrustDomain("partner.org")
                        .setSpiffeBundle(
                            SpiffeBundleFormat.write(
                                TrustBundle.ofX509(
                                    TrustDomain.parse("partner.org"), List.of(root)))))
                .build());
  }

  @Test
  void anEntryTheCaCannotSignDoesNotStarveTheAgentsOtherEntries() throws Exception {
    plane.createWorkloadEntry("/web");
    plane.awaitX509Svids();
    // An entry the admin API would refuse, written straight into the store (as an older server
    // version or a tool might have): the CA cannot sign 101 DNS names.
    Entry.Builder unsignable =
        Entry.newBuilder()
            .setSpiffeId("spiffe://example.org/unsignable")
            .setParentId(plane.agent().id().toString())
            .addSelectors(TrustPlane.anotherUid());
    for (int i = 0; i <= 100; i++) {
      unsignable.addDnsNames("host" + i + ".example.org");
    }
    try (DataStore store =
        DataStore.open(
            plane.dir().resolve("server").resolve(DataStoreConfig.DEFAULT_SQLITE_FILE).toString(),
            clock)) {
      store.createEntry(EntryMessages.fromMessage(unsignable.build()));
    }

    plane.createWorkloadEntry("/db");

    X509SVIDResponse both = plane.awaitX509Svids(r -> r.getSvidsCount() == 2);
    assertThat(both.getSvidsList())
        .extracting(s -> s.getSpiffeId())
        .containsExactlyInAnyOrder("spiffe://example.org/web", "spiffe://example.org/db");
    assertThat(plane.agent().snapshot().identities())
        .extracting(i -> i.svid().id().toString())
        .doesNotContain("spiffe://example.org/unsignable");
  }

  /** Reads {@code stream} until an answer matches (the stream's deadline bounds the wait). */
  private static X509SVIDResponse nextMatching(
      Iterator<X509SVIDResponse> stream, Predicate<X509SVIDResponse> condition) {
    while (true) {
      X509SVIDResponse next = stream.next();
      if (condition.test(next)) {
        return next;
      }
    }
  }

  private static List<String> dnsNames(X509SVIDResponse response) {
    try {
      X509Certificate leaf = Certificates.chain(response.getSvids(0).getX509Svid()).getFirst();
      if (leaf.getSubjectAlternativeNames() == null) {
        return List.of();
      }
      return leaf.getSubjectAlternativeNames().stream()
          .filter(san -> (Integer) san.get(0) == 2)
          .map(san -> (String) san.get(1))
          .toList();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
