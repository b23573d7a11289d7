package dev.weft.trust.wire;

import dev.weft.identity.spiffeid.InvalidSpiffeIdException;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.proto.trust.v1.Entry;
import dev.weft.trust.registration.RegistrationEntry;
import dev.weft.trust.registration.Selector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** {@link RegistrationEntry} to and from {@link Entry}. */
public final class EntryMessages {
  private EntryMessages() {}

  /** The wire form of {@code entry}. */
  public static Entry toMessage(RegistrationEntry entry) {
    return Entry.newBuilder()
        .setId(entry.id())
        .setSpiffeId(entry.spiffeId().toString())
        .setParentId(entry.parentId().toString())
        .addAllSelectors(entry.selectors().stream().map(Selector::toString).toList())
        .setX509SvidTtlSeconds(entry.x509SvidTtl().toSeconds())
        .setJwtSvidTtlSeconds(entry.jwtSvidTtl().toSeconds())
        .addAllDnsNames(entry.dnsNames())
        .addAllFederatesWith(entry.federatesWith().stream().map(TrustDomain::name).toList())
        .setAdmin(entry.admin())
        .setHint(entry.hint())
        .setRevision(entry.revision())
        .setCreatedAtUnix(entry.createdAt().getEpochSecond())
        .build();
  }

  /**
   * The domain form of {@code message}.
   *
   * @throws IllegalArgumentException naming every malformed field as {@code entry.<field>: ...}
   */
  public static RegistrationEntry fromMessage(Entry message) {
    List<String> errors = new ArrayList<>();
    SpiffeId spiffeId = id(message.getSpiffeId(), "entry.spiffe_id", errors);
    SpiffeId parentId = id(message.getParentId(), "entry.parent_id", errors);
    TreeSet<Selector> selectors = new TreeSet<>();
    for (String s : message.getSelectorsList()) {
      try {
        selectors.add(Selector.parse(s));
      } catch (IllegalArgumentException e) {
        errors.add("entry.selectors: " + e.getMessage());
      }
    }
    TreeSet<TrustDomain> federates = new TreeSet<>();
    for (String td : message.getFederatesWithList()) {
      try {
        federates.add(TrustDomain.parse(td));
      } catch (InvalidSpiffeIdException e) {
        errors.add("entry.federates_with: " + e.getMessage());
      }
    }
    if (message.getX509SvidTtlSeconds() < 0) {
      errors.add("entry.x509_svid_ttl: " + message.getX509SvidTtlSeconds() + "s (expected: >= 0)");
    }
    if (message.getJwtSvidTtlSeconds() < 0) {
      errors.add("entry.jwt_svid_ttl: " + message.getJwtSvidTtlSeconds() + "s (expected: >= 0)");
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", errors));
    }
    return new RegistrationEntry(
        message.getId(),
        spiffeId,
        parentId,
        selectors,
        Duration.ofSeconds(Math.max(0, message.getX509SvidTtlSeconds())),
        Duration.ofSeconds(Math.max(0, message.getJwtSvidTtlSeconds())),
        message.getDnsNamesList(),
        federates,
        message.getAdmin(),
        message.getHint(),
        message.getRevision(),
        Instant.ofEpochSecond(message.getCreatedAtUnix()));
  }

  private static SpiffeId id(String text, String field, List<String> errors) {
    if (text.isEmpty()) {
      errors.add(field + ": missing (expected: a SPIFFE ID such as spiffe://example.org/web)");
      return null;
    }
    try {
      return SpiffeId.parse(text);
    } catch (InvalidSpiffeIdException e) {
      errors.add(field + ": " + e.getMessage());
      return null;
    }
  }
}
