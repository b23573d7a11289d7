package dev.weft.identity.svid;

import dev.weft.identity.spiffeid.SpiffeId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A JWT-SVID: a JWS in compact form whose {@code sub} is a SPIFFE ID. Obtained from the Workload
 * API or from {@link JwtSvidVerifier}. {@link #toString()} never shows the token.
 *
 * @param token the JWS compact serialization (a bearer credential: never log it)
 * @param id the {@code sub} claim
 * @param audience the {@code aud} claim
 * @param expiresAt the {@code exp} claim
 * @param claims all claims, as parsed
 * @param hint the operator's hint; empty if none
 */
public record JwtSvid(
    String token,
    SpiffeId id,
    Set<String> audience,
    Instant expiresAt,
    Map<String, Object> claims,
    String hint) {

  public JwtSvid {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(id, "id");
    audience = Set.copyOf(audience);
    Objects.requireNonNull(expiresAt, "expiresAt");
    claims = Map.copyOf(claims);
    hint = hint == null ? "" : hint;
  }

  @Override
  public String toString() {
    return "JwtSvid[" + id + ", aud=" + audience + ", expires=" + expiresAt + "]";
  }
}
