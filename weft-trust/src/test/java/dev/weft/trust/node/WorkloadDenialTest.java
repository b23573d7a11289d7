package dev.weft.trust.node;

import static dev.weft.trust.server.TrustPlane.TD;
import static dev.weft.trust.server.TrustPlane.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.proto.trust.v1.Entry;
import dev.weft.proto.workload.WorkloadProto.JWTSVIDRequest;
import dev.weft.proto.workload.WorkloadProto.X509BundlesRequest;
import dev.weft.proto.workload.WorkloadProto.X509SVIDRequest;
import dev.weft.proto.workload.WorkloadProto.X509SVIDResponse;
import dev.weft.testing.MutableClock;
import dev.weft.trust.server.TrustPlane;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.spiffe.workloadapi.DefaultX509Source;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real agent's Workload API refuses calls it must refuse, and serves on unchanged. */
class WorkloadDenialTest {
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
  void aCallWithoutTheSecurityHeaderIsRefused() throws Exception {
    plane.createWorkloadEntry("/workload");
    X509SVIDResponse before = plane.awaitX509Svids();
    var bare = plane.workloadStub(false);

    assertDenied(
        () -> bare.fetchX509SVID(X509SVIDRequest.getDefaultInstance()).next(),
        Status.Code.INVALID_ARGUMENT,
        "security header missing from request");
    assertDenied(
        () -> bare.fetchJWTSVID(JWTSVIDRequest.newBuilder().addAudience("db").build()),
        Status.Code.INVALID_ARGUMENT,
        "security header missing from request");
    assertDenied(
        () -> bare.fetchX509Bundles(X509BundlesRequest.getDefaultInstance()).next(),
        Status.Code.INVALID_ARGUMENT,
        "security header missing from request");

    assertThat(plane.workload().fetchX509SVID(X509SVIDRequest.getDefaultInstance()).next())
        .isEqualTo(before);
  }

  @Test
  void aCallerNoEntryMatchesGetsNothing() throws Exception {
    plane.createEntry(
        Entry.newBuilder()
            .setSpiffeId(TD.idString() + "/someone-else")
            .setParentId(plane.agent().id().toString())
            .addSelectors(TrustPlane.anotherUid())
            .build());
    await().atMost(WAIT).until(() -> plane.agent().snapshot().identities().size() == 1);
    var stub = plane.workload();

    assertDenied(
        () -> stub.fetchX509SVID(X509SVIDRequest.getDefaultInstance()).next(),
        Status.Code.PERMISSION_DENIED,
        "no identity issued");
    assertDenied(
        () -> stub.fetchJWTSVID(JWTSVIDRequest.newBuilder().addAudience("db").build()),
        Status.Code.PERMISSION_DENIED,
        "no identity issued");
    assertThatThrownBy(
            () ->
                DefaultX509Source.newSource(
                        DefaultX509Source.X509SourceOptions.builder()
                            .spiffeSocketPath(plane.spiffeSocket())
                            .initTimeout(Duration.ofSeconds(2))
                            .build())
                    .close())
        .hasMessageContaining("Error creating X.509 source");

    assertThat(plane.agent().snapshot().identities())
        .extracting(identity -> identity.svid().id().toString())
        .containsExactly("spiffe://example.org/someone-else");
  }

  private static void assertDenied(ThrowingCallable call, Status.Code code, String description) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(code);
              assertThat(e.getStatus().getDescription()).isEqualTo(description);
            });
  }
}
