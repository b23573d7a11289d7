package dev.weft.trust.ca;

import dev.weft.identity.bundle.TrustBundle;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the slots publish: the trust bundle and the status. */
final class Publication {
  private Publication() {}

  /**
   * The upstream roots (if any), then every self-signed X.509 CA certificate of the slots; and
   * every JWT key of the slots. Each in order of notBefore.
   */
  static TrustBundle bundle(CaConfig config, List<Slot> slots) {
    List<Slot> ordered = ordered(slots);
    List<X509Certificate> x509 = new ArrayList<>();
    config.upstream().ifPresent(upstream -> x509.addAll(upstream.roots()));
    Map<String, PublicKey> jwt = new LinkedHashMap<>();
    for (Slot slot : ordered) {
      if (slot.kind() == Slot.Kind.X509_CA) {
        if (!x509.contains(slot.certificate())
            && UpstreamAuthority.selfSigned(slot.certificate())) {
          x509.add(slot.certificate());
        }
      } else {
        jwt.put(slot.kid(), slot.publicKey());
      }
    }
    return TrustBundle.empty(config.trustDomain())
        .withX509Authorities(x509)
        .withJwtAuthorities(jwt);
  }

  static CaStatus status(CaConfig config, List<Slot> slots) {
    List<Slot> ordered = ordered(slots);
    List<CaStatus.X509Ca> retiredX509 = new ArrayList<>();
    List<CaStatus.JwtKey> retiredJwt = new ArrayList<>();
    for (Slot slot : ordered) {
      if (slot.state() == Slot.State.RETIRED) {
        if (slot.kind() == Slot.Kind.X509_CA) {
          retiredX509.add(x509(slot));
        } else {
          retiredJwt.add(jwt(slot));
        }
      }
    }
    return new CaStatus(
        x509(Schedule.find(slots, Slot.Kind.X509_CA, Slot.State.ACTIVE)),
        Optional.ofNullable(Schedule.find(slots, Slot.Kind.X509_CA, Slot.State.PREPARED))
            .map(Publication::x509),
        retiredX509,
        jwt(Schedule.find(slots, Slot.Kind.JWT_KEY, Slot.State.ACTIVE)),
        Optional.ofNullable(Schedule.find(slots, Slot.Kind.JWT_KEY, Slot.State.PREPARED))
            .map(Publication::jwt),
        retiredJwt,
        config.upstream().isPresent());
  }

  private static List<Slot> ordered(List<Slot> slots) {
    return slots.stream().sorted(Comparator.comparing(Slot::notBefore)).toList();
  }

  private static CaStatus.X509Ca x509(Slot slot) {
    return new CaStatus.X509Ca(
        slot.keyId(), slot.certificate().getSerialNumber(), slot.notBefore(), slot.notAfter());
  }

  private static CaStatus.JwtKey jwt(Slot slot) {
    return new CaStatus.JwtKey(slot.keyId(), slot.kid(), slot.notBefore(), slot.notAfter());
  }
}
