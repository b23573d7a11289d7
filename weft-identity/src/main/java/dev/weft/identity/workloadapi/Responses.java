package dev.weft.identity.workloadapi;

import com.google.protobuf.ByteString;
import dev.weft.identity.bundle.BundleException;
import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.bundle.SpiffeBundleFormat;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.spiffeid.InvalidSpiffeIdException;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.identity.svid.JwtSvid;
import dev.weft.identity.svid.JwtSvidVerifier;
import dev.weft.identity.svid.SvidException;
import dev.weft.identity.svid.X509Svid;
import dev.weft.proto.workload.WorkloadProto;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns Workload API messages into Weft's identity types, failing closed: anything that does not
 * parse makes the whole answer unusable ({@code INTERNAL}), so a half-read state is never used.
 * Messages name the field and never contain key material or tokens.
 */
final class Responses {
  private Responses() {}

  static X509Context x509Context(WorkloadProto.X509SVIDResponse response, ParsedSvids parsed)
      throws WorkloadApiException {
    ParsedSvids.Answer answer = parsed.answer();
    String call = "FetchX509SVID";
    if (response.getSvidsCount() == 0) {
      throw unusable(call, "the answer holds no SVID");
    }
    List<X509Svid> svids = new ArrayList<>();
    Map<TrustDomain, TrustBundle> bundles = new LinkedHashMap<>();
    for (int i = 0; i < response.getSvidsCount(); i++) {
      WorkloadProto.X509SVID raw = response.getSvids(i);
      String where = "svids[" + i + "]";
      X509Svid svid;
      try {
        svid = answer.parse(raw.getX509Svid(), raw.getX509SvidKey(), raw.getHint());
      } catch (SvidException e) {
        throw unusable(call, where + ": " + e.getMessage(), e);
      }
      if (!raw.getSpiffeId().isEmpty() && !raw.getSpiffeId().equals(svid.id().toString())) {
        throw unusable(
            call,
            where
                + ".spiffe_id: "
                + raw.getSpiffeId()
                + " (expected: "
                + svid.id()
                + ", the ID in the certificate)");
      }
      svids.add(svid);
      TrustDomain td = svid.id().trustDomain();
      if (!bundles.containsKey(td)) {
        bundles.put(td, x509Bundle(call, where + ".bundle", td, raw.getBundle()));
      }
    }
    Set<TrustDomain> own = Set.copyOf(bundles.keySet());
    for (Map.Entry<String, ByteString> e : response.getFederatedBundlesMap().entrySet()) {
      String where = "federated_bundles[\"" + e.getKey() + "\"]";
      TrustDomain td = trustDomain(call, where, e.getKey());
      if (own.contains(td)) {
        continue; // the SVIDs' own bundle is authoritative for their own trust domain
      }
      if (bundles.containsKey(td)) {
        throw unusable(call, where + ": a second bundle for trust domain " + td);
      }
      bundles.put(td, x509Bundle(call, where, td, e.getValue()));
    }
    X509Context context = new X509Context(svids, BundleSet.of(bundles.values()));
    answer.accept();
    return context;
  }

  static BundleSet x509Bundles(WorkloadProto.X509BundlesResponse response)
      throws WorkloadApiException {
    String call = "FetchX509Bundles";
    List<TrustBundle> bundles = new ArrayList<>();
    for (Map.Entry<String, ByteString> e : response.getBundlesMap().entrySet()) {
      String where = "bundles[\"" + e.getKey() + "\"]";
      bundles.add(x509Bundle(call, where, trustDomain(call, where, e.getKey()), e.getValue()));
    }
    return bundleSet(call, bundles);
  }

  static BundleSet jwtBundles(WorkloadProto.JWTBundlesResponse response)
      throws WorkloadApiException {
    String call = "FetchJWTBundles";
    List<TrustBundle> bundles = new ArrayList<>();
    for (Map.Entry<String, ByteString> e : response.getBundlesMap().entrySet()) {
      String where = "bundles[\"" + e.getKey() + "\"]";
      TrustDomain td = trustDomain(call, where, e.getKey());
      try {
        bundles.add(SpiffeBundleFormat.parseJwks(td, e.getValue().toByteArray()));
      } catch (BundleException ex) {
        throw unusable(call, where + ": " + ex.getMessage(), ex);
      }
    }
    return bundleSet(call, bundles);
  }

  static List<JwtSvid> jwtSvids(WorkloadProto.JWTSVIDResponse response, Optional<SpiffeId> asked)
      throws WorkloadApiException {
    String call = "FetchJWTSVID";
    if (response.getSvidsCount() == 0) {
      throw unusable(call, "the answer holds no JWT-SVID");
    }
    List<JwtSvid> svids = new ArrayList<>();
    for (int i = 0; i < response.getSvidsCount(); i++) {
      WorkloadProto.JWTSVID raw = response.getSvids(i);
      String where = "svids[" + i + "]";
      JwtSvid svid;
      try {
        svid = JwtSvidVerifier.parseInsecure(raw.getSvid(), raw.getHint());
      } catch (SvidException e) {
        throw unusable(call, where + ".svid: " + e.getMessage(), e);
      }
      if (!raw.getSpiffeId().isEmpty() && !raw.getSpiffeId().equals(svid.id().toString())) {
        throw unusable(
            call,
            where
                + ".spiffe_id: "
                + raw.getSpiffeId()
                + " (expected: "
                + svid.id()
                + ", the sub of the token)");
      }
      if (asked.isPresent() && !asked.get().equals(svid.id())) {
        throw unusable(
            call, where + ": a JWT-SVID of " + svid.id() + " (asked for " + asked.get() + ")");
      }
      svids.add(svid);
    }
    return List.copyOf(svids);
  }

  static JwtSvid validated(String token, WorkloadProto.ValidateJWTSVIDResponse response)
      throws WorkloadApiException {
    String call = "ValidateJWTSVID";
    JwtSvid svid;
    try {
      svid = JwtSvidVerifier.parseInsecure(token, "");
    } catch (SvidException e) {
      throw unusable(call, "the agent accepted a token that does not parse: " + e.getMessage(), e);
    }
    if (!response.getSpiffeId().equals(svid.id().toString())) {
      throw unusable(
          call,
          "spiffe_id: "
              + response.getSpiffeId()
              + " (expected: "
              + svid.id()
              + ", the sub of the token)");
    }
    return svid;
  }

  static WorkloadApiException unusable(String call, String detail) {
    return new WorkloadApiException(
        Status.Code.INTERNAL, call + ": the agent's answer is unusable: " + detail);
  }

  static WorkloadApiException unusable(String call, String detail, Throwable cause) {
    return new WorkloadApiException(
        Status.Code.INTERNAL, call + ": the agent's answer is unusable: " + detail, cause);
  }

  private static TrustBundle x509Bundle(String call, String where, TrustDomain td, ByteString der)
      throws WorkloadApiException {
    try {
      return SpiffeBundleFormat.parseX509Der(td, der.toByteArray());
    } catch (BundleException e) {
      throw unusable(call, where + ": " + e.getMessage(), e);
    }
  }

  private static TrustDomain trustDomain(String call, String where, String key)
      throws WorkloadApiException {
    try {
      return TrustDomain.parse(key);
    } catch (InvalidSpiffeIdException e) {
      throw unusable(call, where + ": " + e.getMessage(), e);
    }
  }

  private static BundleSet bundleSet(String call, List<TrustBundle> bundles)
      throws WorkloadApiException {
    try {
      return BundleSet.of(bundles);
    } catch (IllegalArgumentException e) {
      // "example.org" and "spiffe://example.org" both present: the same domain twice.
      throw unusable(call, e.getMessage(), e);
    }
  }
}
