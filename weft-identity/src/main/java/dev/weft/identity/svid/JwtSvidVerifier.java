package dev.weft.identity.svid;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.spiffeid.InvalidSpiffeIdException;
import dev.weft.identity.spiffeid.SpiffeId;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies JWT-SVIDs as the JWT-SVID standard requires, failing closed: JWS compact form;
 * {@code alg} one of RS256/384/512, ES256/384/512, PS256/384/512; a {@code kid} that names a JWT
 * authority in the bundle of the trust domain of {@code sub}; {@code sub} a SPIFFE ID; {@code
 * aud} present and containing the expected audience; {@code exp} present and in the future.
 * Messages never include the token. Stateless and thread-safe.
 */
public final class JwtSvidVerifier {
  /** The algorithms the JWT-SVID standard allows. */
  public static final Set<JWSAlgorithm> ALLOWED_ALGORITHMS =
      Set.of(
          JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
          JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512,
          JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);

  private JwtSvidVerifier() {}

  /**
   * Verifies {@code token} for {@code audience} (one value that {@code aud} must contain).
   *
   * @throws SvidException naming the rule that failed
   */
  public static JwtSvid verify(String token, String audience, BundleSet bundles, Instant now)
      throws SvidException {
    if (audience == null || audience.isEmpty()) {
      throw new SvidException("JWT-SVID: audience to verify for is empty");
    }
    SignedJWT jwt = parse(token);
    JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
    if (!ALLOWED_ALGORITHMS.contains(alg)) {
      throw new SvidException(
          "JWT-SVID: alg " + alg + " is not allowed (expected: RS, ES or PS with 256, 384 or 512)");
    }
    String kid = jwt.getHeader().getKeyID();
    if (kid == null || kid.isEmpty()) {
      throw new SvidException("JWT-SVID: header has no kid");
    }
    JWTClaimsSet claims = claims(jwt);
    SpiffeId subject = subject(claims);
    TrustBundle bundle =
        bundles
            .get(subject.trustDomain())
            .orElseThrow(
                () ->
                    new SvidException(
                        "JWT-SVID " + subject + ": no trust bundle for trust domain "
                            + subject.trustDomain()));
    PublicKey key =
        bundle
            .jwtAuthority(kid)
            .orElseThrow(
                () ->
                    new SvidException(
                        "JWT-SVID " + subject + ": kid \"" + kid
                            + "\" is not a JWT authority of trust domain " + subject.trustDomain()));
    if (!signatureValid(jwt, alg, key)) {
      throw new SvidException("JWT-SVID " + subject + ": signature does not verify");
    }
    List<String> aud = claims.getAudience();
    if (aud == null || aud.isEmpty()) {
      throw new SvidException("JWT-SVID " + subject + ": aud claim is missing");
    }
    if (!aud.contains(audience)) {
      throw new SvidException(
          "JWT-SVID " + subject + ": audience " + aud + " does not contain \"" + audience + "\"");
    }
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw new SvidException("JWT-SVID " + subject + ": exp claim is missing");
    }
    if (!exp.toInstant().isAfter(now)) {
      throw new SvidException("JWT-SVID " + subject + ": expired at " + exp.toInstant());
    }
    return new JwtSvid(token, subject, new HashSet<>(aud), exp.toInstant(), claims.toJSONObject(), "");
  }

  /**
   * Reads a JWT-SVID's claims without verifying it, as a workload does with a token it just
   * received from the Workload API.
   *
   * @throws SvidException if the token is not a JWS with sub, aud and exp
   */
  public static JwtSvid parseInsecure(String token, String hint) throws SvidException {
    SignedJWT jwt = parse(token);
    JWTClaimsSet claims = claims(jwt);
    SpiffeId subject = subject(claims);
    if (claims.getAudience() == null || claims.getAudience().isEmpty()) {
      throw new SvidException("JWT-SVID " + subject + ": aud claim is missing");
    }
    if (claims.getExpirationTime() == null) {
      throw new SvidException("JWT-SVID " + subject + ": exp claim is missing");
    }
    return new JwtSvid(
        token,
        subject,
        new HashSet<>(claims.getAudience()),
        claims.getExpirationTime().toInstant(),
        claims.toJSONObject(),
        hint);
  }

  private static SignedJWT parse(String token) throws SvidException {
    if (token == null || token.isEmpty()) {
      throw new SvidException("JWT-SVID: token is empty");
    }
    if (token.chars().filter(c -> c == '.').count() != 2) {
      throw new SvidException("JWT-SVID: not in JWS compact form (expected: header.payload.signature)");
    }
    try {
      return SignedJWT.parse(token);
    } catch (ParseException e) {
      throw new SvidException("JWT-SVID: not a valid JWS: " + e.getMessage());
    }
  }

  private static JWTClaimsSet claims(SignedJWT jwt) throws SvidException {
    try {
      return jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new SvidException("JWT-SVID: claims do not parse: " + e.getMessage());
    }
  }

  private static SpiffeId subject(JWTClaimsSet claims) throws SvidException {
    String sub = claims.getSubject();
    if (sub == null || sub.isEmpty()) {
      throw new SvidException("JWT-SVID: sub claim is missing");
    }
    try {
      return SpiffeId.parse(sub);
    } catch (InvalidSpiffeIdException e) {
      throw new SvidException("JWT-SVID: sub: " + e.getMessage(), e);
    }
  }

  private static boolean signatureValid(SignedJWT jwt, JWSAlgorithm alg, PublicKey key)
      throws SvidException {
    try {
      JWSVerifier verifier;
      if (JWSAlgorithm.Family.EC.contains(alg) && key instanceof ECPublicKey ec) {
        verifier = new ECDSAVerifier(ec);
      } else if (JWSAlgorithm.Family.RSA.contains(alg) && key instanceof RSAPublicKey rsa) {
        verifier = new RSASSAVerifier(rsa);
      } else {
        throw new SvidException(
            "JWT-SVID: alg " + alg + " does not match the " + key.getAlgorithm() + " key of its kid");
      }
      return jwt.verify(verifier);
    } catch (JOSEException e) {
      throw new SvidException("JWT-SVID: signature cannot be checked: " + e.getMessage(), e);
    }
  }
}
