package dev.weft.trust.workload;

import com.google.protobuf.ByteString;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.bundle.SpiffeBundleFormat;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.pem.Pem;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.proto.workload.WorkloadProto.JWTBundlesResponse;
import dev.weft.proto.workload.WorkloadProto.X509BundlesResponse;
import dev.weft.proto.workload.WorkloadProto.X509SVID;
import dev.weft.proto.workload.WorkloadProto.X509SVIDResponse;
import dev.weft.trust.workload.WorkloadIdentities.Identity;
import io.grpc.Status;
import io.grpc.StatusException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Builds Workload API responses from what a caller may see: its matching identities, its own trust
 * domain's bundle and the federated bundles its identities' entries name. Pure functions.
 */
final class Responses {
  /** The description of every denial for a caller that matches no registration entry. */
  static final String NO_IDENTITY = "no identity issued";

  private Responses() {}

  /**
   * The bundles a caller with {@code identities} may see: the own trust domain's and those of every
   * trust domain the identities federate with that {@code bundles} holds.
   *
   * @throws StatusException PERMISSION_DENIED if there are no identities, UNAVAILABLE if the own
   *     trust domain's bundle is missing
   */
  static BundleSet visibleBundles(TrustDomain own, List<Identity> identities, BundleSet bundles)
      throws StatusException {
    if (identities.isEmpty()) {
      throw Status.PERMISSION_DENIED.withDescription(NO_IDENTITY).asException();
    }
    TrustBundle ownBundle =
        bundles
            .get(own)
            .orElseThrow(
                () ->
                    Status.UNAVAILABLE
                        .withDescription("trust bundle of " + own + " is not available yet")
                        .asException());
    List<TrustBundle> visible = new ArrayList<>(List.of(ownBundle));
    TreeSet<TrustDomain> federated = new TreeSet<>();
    identities.forEach(identity -> federated.addAll(identity.federatesWith()));
    federated.remove(own);
    for (TrustDomain domain : federated) {
      bundles.get(domain).ifPresent(visible::add);
    }
    return BundleSet.of(visible);
  }

  static X509SVIDResponse x509Svids(TrustDomain own, List<Identity> identities, BundleSet bundles)
      throws StatusException {
    BundleSet visible = visibleBundles(own, identities, bundles);
    ByteString ownBundle = x509Der(visible.get(own).orElseThrow());
    X509SVIDResponse.Builder response = X509SVIDResponse.newBuilder();
    for (Identity identity : identities) {
      response.addSvids(
          X509SVID
              .newBuilder()
              .setSpiffeId(identity.svid().id().toString())
              .setX509Svid(ByteString.copyFrom(Pem.concatDer(identity.svid().chain())))
              .setX509SvidKey(ByteString.copyFrom(identity.svid().privateKey().getEncoded()))
              .setBundle(ownBundle)
              .setHint(hint(identity)));
    }
    for (TrustBundle bundle : visible.bundles()) {
      if (!bundle.trustDomain().equals(own) && !bundle.x509Authorities().isEmpty()) {
        response.putFederatedBundles(bundle.trustDomain().idString(), x509Der(bundle));
      }
    }
    return response.build();
  }

  static X509BundlesResponse x509Bundles(
      TrustDomain own, List<Identity> identities, BundleSet bundles) throws StatusException {
    X509BundlesResponse.Builder response = X509BundlesResponse.newBuilder();
    for (TrustBundle bundle : visibleBundles(own, identities, bundles).bundles()) {
      if (bundle.trustDomain().equals(own) || !bundle.x509Authorities().isEmpty()) {
        response.putBundles(bundle.trustDomain().idString(), x509Der(bundle));
      }
    }
    return response.build();
  }

  static JWTBundlesResponse jwtBundles(
      TrustDomain own, List<Identity> identities, BundleSet bundles) throws StatusException {
    JWTBundlesResponse.Builder response = JWTBundlesResponse.newBuilder();
    for (TrustBundle bundle : visibleBundles(own, identities, bundles).bundles()) {
      response.putBundles(
          bundle.trustDomain().idString(),
          ByteString.copyFrom(SpiffeBundleFormat.writeJwks(bundle), StandardCharsets.UTF_8));
    }
    return response.build();
  }

  /** The entry's hint, or the SVID's if the entry has none. */
  static String hint(Identity identity) {
    return identity.hint().isEmpty() ? identity.svid().hint() : identity.hint();
  }

  /** JWT claims as a protobuf Struct, nested values converted to their JSON counterparts. */
  static Struct struct(Map<?, ?> claims) {
    Struct.Builder struct = Struct.newBuilder();
    claims.forEach((key, value) -> struct.putFields(String.valueOf(key), value(value)));
    return struct.build();
  }

  private static Value value(Object value) {
    return switch (value) {
      case null -> Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
      case Boolean b -> Value.newBuilder().setBoolValue(b).build();
      case Number n -> Value.newBuilder().setNumberValue(n.doubleValue()).build();
      case CharSequence s -> Value.newBuilder().setStringValue(s.toString()).build();
      case Date d -> Value.newBuilder().setNumberValue(d.getTime() / 1000L).build();
      case Map<?, ?> m -> Value.newBuilder().setStructValue(struct(m)).build();
      case Collection<?> c -> Value.newBuilder().setListValue(list(c)).build();
      case Object[] a -> Value.newBuilder().setListValue(list(Arrays.asList(a))).build();
      default -> Value.newBuilder().setStringValue(value.toString()).build();
    };
  }

  private static ListValue list(Collection<?> values) {
    ListValue.Builder list = ListValue.newBuilder();
    for (Object v : values) {
      list.addValues(value(v));
    }
    return list.build();
  }

  private static ByteString x509Der(TrustBundle bundle) {
    return ByteString.copyFrom(Pem.concatDer(bundle.x509Authorities()));
  }
}
