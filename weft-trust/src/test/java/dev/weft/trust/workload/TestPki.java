package dev.weft.trust.workload;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.identity.svid.SvidException;
import dev.weft.identity.svid.X509Svid;
import dev.weft.testing.CertBuilder;
import dev.weft.testing.Keys;
import dev.weft.trust.registration.Selector;
import dev.weft.trust.workload.WorkloadIdentities.Identity;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The trust domains, CAs and SVIDs the Workload API tests serve. */
final class TestPki {
  static final TrustDomain OWN = TrustDomain.parse("example.org");
  static final TrustDomain PARTNER = TrustDomain.parse("partner.org");
  static final TrustDomain OTHER = TrustDomain.parse("other.org");
  static final String KID = "jwt-key-1";

  final CertBuilder.Issued root = CertBuilder.selfSignedCa(OWN.name()).build();
  final CertBuilder.Issued partnerRoot = CertBuilder.selfSignedCa(PARTNER.name()).build();
  final CertBuilder.Issued otherRoot = CertBuilder.selfSignedCa(OTHER.name()).build();
  final KeyPair jwtKey = Keys.ec256();
  final KeyPair partnerJwtKey = Keys.ec256();
  final KeyPair otherJwtKey = Keys.ec256();

  TrustBundle ownBundle() {
    return TrustBundle.ofX509(OWN, List.of(root.cert()))
        .withJwtAuthorities(Map.of(KID, jwtKey.getPublic()));
  }

  TrustBundle partnerBundle() {
    return TrustBundle.ofX509(PARTNER, List.of(partnerRoot.cert()))
        .withJwtAuthorities(Map.of("partner-key", partnerJwtKey.getPublic()));
  }

  TrustBundle otherBundle() {
    return TrustBundle.ofX509(OTHER, List.of(otherRoot.cert()))
        .withJwtAuthorities(Map.of("other-key", otherJwtKey.getPublic()));
  }

  BundleSet allBundles() {
    return BundleSet.of(ownBundle(), partnerBundle(), otherBundle());
  }

  X509Svid svid(String path) {
    CertBuilder.Issued leaf = CertBuilder.svid(OWN.idString() + path).issuer(root).build();
    try {
      return X509Svid.of(List.of(leaf.cert()), leaf.privateKey(), "");
    } catch (SvidException e) {
      throw new IllegalStateException(e);
    }
  }

  static Identity identity(
      String entryId,
      X509Svid svid,
      Set<Selector> selectors,
      Set<TrustDomain> federatesWith,
      String hint) {
    return new Identity(
        entryId, svid, new TreeSet<>(selectors), new TreeSet<>(federatesWith), hint);
  }

  /** A JWT-SVID signed with ES256 by {@code key} under {@code kid}. */
  static String jwt(KeyPair key, String kid, String subject, String audience, Instant expiry) {
    return sign(
        key,
        kid,
        new JWTClaimsSet.Builder()
            .subject(subject)
            .audience(audience)
            .expirationTime(Date.from(expiry))
            .build());
  }

  static String sign(KeyPair key, String kid, JWTClaimsSet claims) {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).type(JOSEObjectType.JWT).build(),
            claims);
    try {
      jwt.sign(new ECDSASigner((ECPrivateKey) key.getPrivate()));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  /** The uid of this JVM, which the unix attestor reports for calls from this test. */
  static long uid() {
    return new com.sun.security.auth.module.UnixSystem().getUid();
  }

  static Selector thisUid() {
    return Selector.parse("unix:uid:" + uid());
  }

  static Selector anotherUid() {
    return Selector.parse("unix:uid:" + (uid() + 4242));
  }
}
