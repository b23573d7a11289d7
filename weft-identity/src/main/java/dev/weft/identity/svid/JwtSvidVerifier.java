package dev.weft.identity.svid;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies JWT-SVIDs as the JWT-SVID standard requires, failing closed: JWS compact form; {@code
 * alg} one of RS256/384/512, ES256/384/512, PS256/384/512, checked before anything else is
 * processed; {@code typ}, if present, {@code JWT} or {@code JOSE}; a {@code kid} that names a JWT
 * authority in the bundle of the trust domain of {@code sub}, of the key type (and curve) that
 * {@code alg} needs; {@code sub} a SPIFFE ID; {@code aud} present and containing the expected
 * audience; {@code exp} present and after {@code now}; {@code nbf}, if present, not after {@code
 * now}. Messages never include the token. Stateless and thread-safe.
 */
public final class JwtSvidVerifier {
  /** The algorithms the JWT-SVID standard allows. */
  public static final Set<JWSAlgorithm> ALLOWED_ALGORITHMS =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512);

  private static final Set<String> ALLOWED_TYPES = Set.of("JWT", "JOSE");

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
    String kid = jwt.getHeader().getKeyID();
    if (kid == null || kid.isEmpty()) {
      throw new SvidException(
          "JWT-SVID: header has no kid (expected: the key ID of a JWT authority)");
    }
    JWTClaimsSet claims = claims(jwt);
    SpiffeId subject = subject(claims);
    String who = "JWT-SVID " + subject + ": ";
    TrustBundle bundle =
        bundles
            .get(subject.trustDomain())
            .orElseThrow(
                () ->
                    new SvidException(
                        who
                            + "no trust bundle for trust domain "
                            + subject.trustDomain()
                            + " (the domain is unknown or not federated)"));
    PublicKey key =
        bundle
            .jwtAuthority(kid)
            .orElseThrow(
                () ->
                    new SvidException(
                        who
                            + "kid "
                            + Quote.of(kid)
                            + " is not a JWT authority of trust domain "
                            + subject.trustDomain()));
    boolean signed;
    try {
      signed = jwt.verify(verifier(alg, key, kid, who));
    } catch (JOSEException e) {
      throw new SvidException(who + "signature cannot be checked: " + e.getMessage(), e);
    }
    if (!signed) {
      throw new SvidException(who + "signature does not verify");
    }
    List<String> aud = claims.getAudience();
    if (aud == null || aud.isEmpty()) {
      throw new SvidException(who + "aud claim is missing");
    }
    if (!aud.contains(audience)) {
      throw new SvidException(
          who + "audience " + Quote.all(aud) + " does not contain " + Quote.of(audience));
    }
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw new SvidException(who + "exp claim is missing");
    }
    if (!now.isBefore(exp.toInstant())) {
      throw new SvidException(who + "expired at " + exp.toInstant());
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now.isBefore(nbf.toInstant())) {
      throw new SvidException(who + "not valid before " + nbf.toInstant());
    }
    return svid(token, subject, claims, "");
  }

  /**
   * Reads a JWT-SVID's claims without verifying its signature or times, as a workload does with a
   * token it just received from the Workload API. The header must still be a JWT-SVID's ({@code
   * alg} allowed, {@code typ} JWT or JOSE if present).
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
    return svid(token, subject, claims, hint);
  }

  private static JwtSvid svid(String token, SpiffeId subject, JWTClaimsSet claims, String hint) {
    return new JwtSvid(
        token,
        subject,
        new LinkedHashSet<>(claims.getAudience()),
        claims.getExpirationTime().toInstant(),
        claims.toJSONObject(),
        hint);
  }

  /** Compact form, then the header (alg, typ) before anything else, then the JWS itself. */
  private static SignedJWT parse(String token) throws SvidException {
    if (token == null || token.isEmpty()) {
      throw new SvidException("JWT-SVID: token is empty");
    }
    if (token.chars().filter(c -> c == '.').count() != 2) {
      throw new SvidException(
          "JWT-SVID: not in JWS compact form (expected: header.payload.signature)");
    }
    Map<String, Object> header;
    try {
      Base64URL[] parts = JOSEObject.split(token);
      header = JSONObjectUtils.parse(parts[0].decodeToString());
    } catch (ParseException | RuntimeException e) {
      throw new SvidException("JWT-SVID: header is not a base64url-encoded JSON object");
    }
    Object alg = header.get("alg");
    if (!(alg instanceof String name)) {
      throw new SvidException("JWT-SVID: header has no alg");
    }
    if (!ALLOWED_ALGORITHMS.contains(JWSAlgorithm.parse(name))) {
      throw new SvidException(
          "JWT-SVID: alg "
              + Quote.of(name)
              + " is not allowed (expected: RS256, RS384, RS512,"
              + " ES256, ES384, ES512, PS256, PS384 or PS512)");
    }
    Object typ = header.get("typ");
    if (typ != null && !ALLOWED_TYPES.contains(typ)) {
      throw new SvidException(
          "JWT-SVID: typ "
              + Quote.of(String.valueOf(typ))
              + " is not allowed (expected: JWT or"
              + " JOSE)");
    }
    try {
      return SignedJWT.parse(token);
    } catch (ParseException e) {
      throw new SvidException("JWT-SVID: not a valid JWS: " + e.getMessage(), e);
    }
  }

  private static JWTClaimsSet claims(SignedJWT jwt) throws SvidException {
    try {
      return jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new SvidException("JWT-SVID: claims do not parse: " + e.getMessage(), e);
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

  /** A verifier for {@code alg} with {@code key}, which must be of the type and curve alg needs. */
  private static JWSVerifier verifier(JWSAlgorithm alg, PublicKey key, String kid, String who)
      throws SvidException {
    try {
      if (JWSAlgorithm.Family.EC.contains(alg) && key instanceof ECPublicKey ec) {
        Curve curve = Curve.forECParameterSpec(ec.getParams());
        if (curve == null || !Curve.forJWSAlgorithm(alg).contains(curve)) {
          throw new SvidException(
              who
                  + "alg "
                  + alg
                  + " does not match the "
                  + (curve == null ? "EC" : curve)
                  + " key of kid "
                  + Quote.of(kid));
        }
        return new ECDSAVerifier(ec);
      }
      if (JWSAlgorithm.Family.RSA.contains(alg) && key instanceof RSAPublicKey rsa) {
        return new RSASSAVerifier(rsa);
      }
    } catch (JOSEException e) {
      throw new SvidException(
          who + "key of kid " + Quote.of(kid) + " is unusable: " + e.getMessage(), e);
    }
    throw new SvidException(
        who
            + "alg "
            + alg
            + " does not match the "
            + key.getAlgorithm()
            + " key of kid "
            + Quote.of(kid));
  }
}
