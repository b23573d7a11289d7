package dev.weft.trust.registration;

import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A registration entry: a workload whose selectors all match, attested by the agent named {@code
 * parentId}, gets {@code spiffeId}.
 *
 * @param id server-assigned ID; empty before creation
 * @param spiffeId the SPIFFE ID issued to matching workloads
 * @param parentId the agent (or parent entry) that may issue it
 * @param selectors all of these must match the workload, at least one
 * @param x509SvidTtl X.509-SVID lifetime; {@link Duration#ZERO} means the server default
 * @param jwtSvidTtl JWT-SVID lifetime; {@link Duration#ZERO} means the server default
 * @param dnsNames DNS SANs added to the X.509-SVID, the first also as its subject CN
 * @param federatesWith trust domains whose bundles the workload receives
 * @param admin whether the workload may use the admin API
 * @param hint an operator's hint shown to the workload; empty if none
 * @param revision increases on every update; 0 before creation
 * @param createdAt creation time; {@link Instant#EPOCH} before creation
 */
public record RegistrationEntry(
    String id,
    SpiffeId spiffeId,
    SpiffeId parentId,
    SortedSet<Selector> selectors,
    Duration x509SvidTtl,
    Duration jwtSvidTtl,
    List<String> dnsNames,
    SortedSet<TrustDomain> federatesWith,
    boolean admin,
    String hint,
    long revision,
    Instant createdAt) {

  public RegistrationEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(spiffeId, "spiffeId");
    Objects.requireNonNull(parentId, "parentId");
    selectors = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(selectors));
    Objects.requireNonNull(x509SvidTtl, "x509SvidTtl");
    Objects.requireNonNull(jwtSvidTtl, "jwtSvidTtl");
    dnsNames = List.copyOf(dnsNames);
    federatesWith = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(federatesWith));
    hint = hint == null ? "" : hint;
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** A new entry (no id, revision 0) with defaults for everything but the essentials. */
  public static RegistrationEntry of(
      SpiffeId spiffeId, SpiffeId parentId, Set<Selector> selectors) {
    return new RegistrationEntry(
        "",
        spiffeId,
        parentId,
        new TreeSet<>(selectors),
        Duration.ZERO,
        Duration.ZERO,
        List.of(),
        new TreeSet<>(),
        false,
        "",
        0,
        Instant.EPOCH);
  }

  /**
   * Whether a workload that shows {@code workloadSelectors} matches this entry: every selector of
   * the entry must be among them.
   */
  public boolean matches(Set<Selector> workloadSelectors) {
    return workloadSelectors.containsAll(selectors);
  }

  public RegistrationEntry withId(String newId) {
    return new RegistrationEntry(
        newId,
        spiffeId,
        parentId,
        selectors,
        x509SvidTtl,
        jwtSvidTtl,
        dnsNames,
        federatesWith,
        admin,
        hint,
        revision,
        createdAt);
  }

  public RegistrationEntry withRevision(long newRevision, Instant newCreatedAt) {
    return new RegistrationEntry(
        id,
        spiffeId,
        parentId,
        selectors,
        x509SvidTtl,
        jwtSvidTtl,
        dnsNames,
        federatesWith,
        admin,
        hint,
        newRevision,
        newCreatedAt);
  }

  public RegistrationEntry withX509SvidTtl(Duration ttl) {
    return new RegistrationEntry(
        id,
        spiffeId,
        parentId,
        selectors,
        ttl,
        jwtSvidTtl,
        dnsNames,
        federatesWith,
        admin,
        hint,
        revision,
        createdAt);
  }

  public RegistrationEntry withJwtSvidTtl(Duration ttl) {
    return new RegistrationEntry(
        id,
        spiffeId,
        parentId,
        selectors,
        x509SvidTtl,
        ttl,
        dnsNames,
        federatesWith,
        admin,
        hint,
        revision,
        createdAt);
  }

  public RegistrationEntry withDnsNames(List<String> names) {
    return new RegistrationEntry(
        id,
        spiffeId,
        parentId,
        selectors,
        x509SvidTtl,
        jwtSvidTtl,
        names,
        federatesWith,
        admin,
        hint,
        revision,
        createdAt);
  }

  public RegistrationEntry withFederatesWith(Set<TrustDomain> domains) {
    return new RegistrationEntry(
        id,
        spiffeId,
        parentId,
        selectors,
        x509SvidTtl,
        jwtSvidTtl,
        dnsNames,
        new TreeSet<>(domains),
        admin,
        hint,
        revision,
        createdAt);
  }

  public RegistrationEntry withAdmin(boolean isAdmin) {
    return new RegistrationEntry(
        id,
        spiffeId,
        parentId,
        selectors,
        x509SvidTtl,
        jwtSvidTtl,
        dnsNames,
        federatesWith,
        isAdmin,
        hint,
        revision,
        createdAt);
  }

  public RegistrationEntry withHint(String newHint) {
    return new RegistrationEntry(
        id,
        spiffeId,
        parentId,
        selectors,
        x509SvidTtl,
        jwtSvidTtl,
        dnsNames,
        federatesWith,
        admin,
        newHint,
        revision,
        createdAt);
  }
}
