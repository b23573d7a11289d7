package dev.weft.trust.ca;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.weft.identity.spiffeid.SpiffeId;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;

/** Signs JWT-SVIDs with one JWT key. Immutable and thread-safe. */
final class JwtSvidSigner {
  private final Slot slot;
  private final JWSHeader header;
  private final JWSSigner signer;

  JwtSvidSigner(Slot slot, PrivateKey key, SigningBackend backend) throws CaException {
    this.slot = slot;
    KeyType type =
        KeyMaterial.typeOf(slot.publicKey())
            .orElseThrow(
                () ->
                    new CaException(
                        "JWT key "
                            + slot.kid()
                            + ": "
                            + KeyMaterial.describe(slot.publicKey())
                            + " (expected: EC P-256, EC P-384 or RSA 2048)"));
    JWSAlgorithm algorithm = JWSAlgorithm.parse(type.jwsAlgorithm());
    this.header =
        new JWSHeader.Builder(algorithm).keyID(slot.kid()).type(JOSEObjectType.JWT).build();
    try {
      this.signer = key instanceof ECPrivateKey ec ? new ECDSASigner(ec) : new RSASSASigner(key);
    } catch (JOSEException e) {
      throw new CaException("JWT key " + slot.kid() + ": cannot sign: " + e.getMessage(), e);
    }
    backend.jcaProvider().ifPresent(provider -> signer.getJCAContext().setProvider(provider));
  }

  Slot slot() {
    return slot;
  }

  /**
   * A JWT-SVID for {@code subject} and {@code audience}, issued at {@code now}, expiring after
   * {@code ttl} but not after the key's notAfter. Arguments must have been checked by the caller.
   */
  String mint(SpiffeId subject, Set<String> audience, Duration ttl, Instant now)
      throws CaException {
    Instant issuedAt = Instant.ofEpochSecond(now.getEpochSecond());
    Instant expiry = issuedAt.plus(ttl);
    if (expiry.isAfter(slot.notAfter())) {
      expiry = Instant.ofEpochSecond(slot.notAfter().getEpochSecond());
    }
    if (!expiry.isAfter(issuedAt)) {
      throw new CaException(
          "JWT-SVID "
              + subject
              + ": the JWT key "
              + slot.kid()
              + " expired at "
              + slot.notAfter()
              + " (expected: rotate() to run regularly)");
    }
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .subject(subject.toString())
            .audience(audience.stream().sorted().toList())
            .expirationTime(Date.from(expiry))
            .issueTime(Date.from(issuedAt))
            .build();
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new CaException("JWT-SVID " + subject + ": cannot be signed: " + e.getMessage(), e);
    }
    return jwt.serialize();
  }
}
