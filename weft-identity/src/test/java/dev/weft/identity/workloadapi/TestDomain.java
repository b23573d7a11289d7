package dev.weft.identity.workloadapi;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.identity.svid.SvidException;
import dev.weft.identity.svid.X509Svid;
import dev.weft.testing.CertBuilder;
import dev.weft.testing.Keys;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * A test trust domain: a self-signed root that issues X.509-SVIDs and an EC key that signs
 * JWT-SVIDs. Shared by the workloadapi and tls tests.
 */
public final class TestDomain {
  private final TrustDomain trustDomain;
  private final CertBuilder.Issued root;
  private final KeyPair jwtKey;
  private final String kid;

  private TestDomain(String name) {
    this.trustDomain = TrustDomain.parse(name);
    this.root = CertBuilder.selfSignedCa(name).build();
    this.jwtKey = Keys.ec256();
    this.kid = name + "-jwt-" + Long.toHexString(System.nanoTime());
  }

  public static TestDomain create(String name) {
    return new TestDomain(name);
  }

  public TrustDomain trustDomain() {
    return trustDomain;
  }

  public CertBuilder.Issued root() {
    return root;
  }

  public SpiffeId id(String path) {
    return trustDomain.id(path);
  }

  /** An SVID for {@code path}, valid from a minute ago for an hour. */
  public X509Svid svid(String path) {
    return svid(path, "");
  }

  public X509Svid svid(String path, String hint) {
    return toSvid(CertBuilder.svid(id(path).toString()).issuer(root).build(), hint);
  }

  /** An SVID for {@code path} valid between the given instants. */
  public X509Svid svid(String path, Instant notBefore, Instant notAfter) {
    return toSvid(
        CertBuilder.svid(id(path).toString()).issuer(root).validity(notBefore, notAfter).build(),
        "");
  }

  /** Wraps a certificate minted elsewhere (for forged or odd certificates). */
  public static X509Svid toSvid(CertBuilder.Issued issued, String hint) {
    try {
      return X509Svid.of(List.of(issued.cert()), issued.privateKey(), hint);
    } catch (SvidException e) {
      throw new IllegalStateException(e);
    }
  }

  public TrustBundle x509Bundle() {
    return TrustBundle.ofX509(trustDomain, List.of(root.cert()));
  }

  public TrustBundle jwtBundle() {
    return TrustBundle.ofJwt(trustDomain, Map.of(kid, jwtKey.getPublic()));
  }

  /** X.509 and JWT authorities together. */
  public TrustBundle bundle() {
    return x509Bundle().withJwtAuthoritiesOf(jwtBundle());
  }

  public String kid() {
    return kid;
  }

  public PublicKey jwtPublicKey() {
    return jwtKey.getPublic();
  }

  /** A JWT-SVID of {@code subject} signed by this domain's JWT key. */
  public String jwt(SpiffeId subject, List<String> audience, Instant expiresAt) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).type(JOSEObjectType.JWT).build(),
              new JWTClaimsSet.Builder()
                  .subject(subject.toString())
                  .audience(audience)
                  .expirationTime(Date.from(expiresAt))
                  .issueTime(new Date())
                  .build());
      jwt.sign(new ECDSASigner((ECPrivateKey) jwtKey.getPrivate()));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
