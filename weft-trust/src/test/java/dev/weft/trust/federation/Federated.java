package dev.weft.trust.federation;

import static dev.weft.trust.server.TrustPlane.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.weft.identity.bundle.BundleException;
import dev.weft.identity.bundle.SpiffeBundleFormat;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.pem.Pem;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.proto.trust.v1.Bundle;
import dev.weft.proto.trust.v1.CreateFederationRequest;
import dev.weft.proto.trust.v1.Entry;
import dev.weft.proto.trust.v1.FederationRelationship;
import dev.weft.proto.trust.v1.GetFederationRequest;
import dev.weft.proto.trust.v1.ListBundlesRequest;
import dev.weft.proto.workload.WorkloadProto.X509BundlesRequest;
import dev.weft.testing.MutableClock;
import dev.weft.trust.config.FederationConfig;
import dev.weft.trust.config.ServerConfig;
import dev.weft.trust.server.TrustPlane;
import dev.weft.trust.server.TrustServer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Trust planes of {@code a.example}, {@code b.example} and {@code c.example} that serve their
 * bundles on https_spiffe bundle endpoints (loopback, port 0) with a one-second refresh hint and
 * refresh floor, and the admin calls that federate them.
 */
final class Federated {
  static final TrustDomain A = TrustDomain.parse("a.example");
  static final TrustDomain B = TrustDomain.parse("b.example");
  static final TrustDomain C = TrustDomain.parse("c.example");

  /** The refresh floor of every plane, and the refresh hint of every plane's bundle. */
  static final Duration REFRESH = Duration.ofSeconds(1);

  private Federated() {}

  /** server.federation: an https_spiffe endpoint on a free loopback port, the short floor. */
  static FederationConfig spiffeEndpoint() {
    return FederationConfig.none()
        .withBundleEndpoint(FederationConfig.BundleEndpoint.spiffe("127.0.0.1", 0))
        .withRefreshFloor(REFRESH);
  }

  /** A plane of {@code td} with an agent, serving its bundle with the one-second hint. */
  static TrustPlane plane(MutableClock clock, TrustDomain td) throws IOException {
    return plane(clock, td, b -> b);
  }

  /** As {@link #plane(MutableClock, TrustDomain)}, with {@code customize} applied last. */
  static TrustPlane plane(
      MutableClock clock, TrustDomain td, UnaryOperator<ServerConfig.Builder> customize)
      throws IOException {
    return TrustPlane.startWithAgent(
        clock, td, b -> customize.apply(b.federation(spiffeEndpoint())), Federated::options);
  }

  /** The plane's options with the one-second bundle refresh hint. */
  static TrustServer.Options options(TrustServer.Options options) {
    return options.withBundleRefreshHint(REFRESH);
  }

  /** The URL of the plane's bundle endpoint. */
  static String url(TrustPlane plane) {
    return "https://127.0.0.1:" + plane.server().bundleEndpointAddress().orElseThrow().getPort();
  }

  /** An https_spiffe relationship with {@code to}, bootstrapped with its current bundle. */
  static FederationRelationship relationship(TrustPlane to) {
    return FederationRelationship.newBuilder()
        .setTrustDomain(to.trustDomain().name())
        .setBundleEndpointUrl(url(to))
        .setBundleEndpointProfile("https_spiffe")
        .setEndpointSpiffeId(to.trustDomain().idString() + "/weft/server")
        .setBootstrapBundle(SpiffeBundleFormat.write(to.bundle()))
        .build();
  }

  /** Creates {@link #relationship(TrustPlane)} in {@code from} and waits for the first bundle. */
  static TrustBundle federate(TrustPlane from, TrustPlane to) {
    from.admin()
        .createFederation(
            CreateFederationRequest.newBuilder().setRelationship(relationship(to)).build());
    return awaitBundle(from, to.trustDomain(), b -> b.equals(to.bundle()));
  }

  /** Federates {@code x} and {@code y} both ways. */
  static void federateBothWays(TrustPlane x, TrustPlane y) {
    federate(x, y);
    federate(y, x);
  }

  /** The bundle of {@code td} that {@code in} holds, as its admin API lists it. */
  static Optional<TrustBundle> bundleOf(TrustPlane in, TrustDomain td) {
    for (Bundle b :
        in.admin().listBundles(ListBundlesRequest.getDefaultInstance()).getBundlesList()) {
      if (b.getTrustDomain().equals(td.name())) {
        try {
          return Optional.of(SpiffeBundleFormat.parse(td, b.getSpiffeBundle()));
        } catch (BundleException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return Optional.empty();
  }

  /** Waits until {@code in} holds a bundle of {@code td} that matches {@code condition}. */
  static TrustBundle awaitBundle(TrustPlane in, TrustDomain td, Predicate<TrustBundle> condition) {
    return await()
        .atMost(WAIT)
        .until(() -> bundleOf(in, td), b -> b.isPresent() && condition.test(b.get()))
        .orElseThrow();
  }

  /** The relationship with {@code td} as {@code in}'s admin API shows it. */
  static FederationRelationship show(TrustPlane in, TrustDomain td) {
    return in.admin()
        .getFederation(GetFederationRequest.newBuilder().setTrustDomain(td.name()).build());
  }

  /**
   * The X.509 bundles the agent on {@code socket} gives this JVM now (FetchX509Bundles), keyed by
   * trust domain ID; waits while the agent has nothing for it yet.
   */
  static Map<String, ByteString> x509Bundles(TrustPlane plane, Path socket) {
    var stub = plane.workload(socket);
    return await()
        .atMost(WAIT)
        .ignoreException(StatusRuntimeException.class)
        .until(
            () ->
                stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                    .fetchX509Bundles(X509BundlesRequest.getDefaultInstance())
                    .next()
                    .getBundlesMap(),
            bundles -> !bundles.isEmpty());
  }

  /** The DER form of {@code bundle}'s X.509 authorities, as the Workload API sends them. */
  static ByteString der(TrustBundle bundle) {
    return ByteString.copyFrom(Pem.concatDer(bundle.x509Authorities()));
  }

  /** Asserts that {@code call} fails with {@code code} and exactly {@code description}. */
  static void assertRefused(ThrowingCallable call, Status.Code code, String description) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(code);
              assertThat(e.getStatus().getDescription()).isEqualTo(description);
            });
  }

  /**
   * Registers {@code <td><path>} for this JVM's uid under the main agent, federating with {@code
   * with}.
   */
  static Entry workload(TrustPlane plane, String path, TrustDomain... with) {
    Entry.Builder entry =
        Entry.newBuilder()
            .setSpiffeId(plane.trustDomain().idString() + path)
            .setParentId(plane.agent().id().toString())
            .addSelectors(TrustPlane.thisUid());
    for (TrustDomain td : with) {
      entry.addFederatesWith(td.name());
    }
    return plane.createEntry(entry.build());
  }
}
