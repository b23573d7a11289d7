package dev.weft.trust.store;

import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.trust.federation.FederationRecord;
import dev.weft.trust.federation.FederationRelationship;
import dev.weft.trust.federation.FederationStatus;
import dev.weft.trust.registration.RegistrationEntry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The trust server's persistent state: registration entries, join tokens, attested agents and trust
 * bundles, with a revision counter that moves on every entry or bundle change.
 *
 * <p>Backed by SQLite (a file; the embedded default) or PostgreSQL (production), with the schema
 * migrated on {@link #open}. Every write is one transaction: it is applied whole or not at all.
 * Instants and durations are stored to the millisecond; values read back are truncated to it.
 *
 * <p>Thread-safe. Whoever opens a store closes it; operations after {@link #close()} fail with
 * {@link StoreException.Kind#UNAVAILABLE}.
 */
public interface DataStore extends AutoCloseable {

  /**
   * Opens (creating and migrating if needed) a data store.
   *
   * @param connection a SQLite file path (parent directories are created), a {@code
   *     jdbc:sqlite:<file>} URL, or a {@code jdbc:postgresql://host:port/db} URL, which may carry
   *     {@code user} and {@code password} parameters
   * @param clock the source of {@code createdAt} times
   * @throws StoreException {@code INVALID} if {@code connection} is neither, {@code UNAVAILABLE} if
   *     the database cannot be reached or migrated
   */
  static DataStore open(String connection, Clock clock) throws StoreException {
    return SqlDataStore.open(ConnectionString.parse(connection, null, null), clock);
  }

  /**
   * {@link #open(String, Clock)} with PostgreSQL credentials given apart from the URL; they
   * override {@code user} and {@code password} parameters of the URL. Ignored for SQLite.
   */
  static DataStore open(String connection, String user, String password, Clock clock)
      throws StoreException {
    return SqlDataStore.open(ConnectionString.parse(connection, user, password), clock);
  }

  /**
   * Stores a new entry with a random UUID id, revision 1 and {@code createdAt} the clock's current
   * instant; the id, revision and creation time of {@code entry} are ignored.
   *
   * @return the stored entry
   * @throws StoreException {@code ALREADY_EXISTS} if an entry with the same SPIFFE ID, parent ID
   *     and selector set exists
   */
  RegistrationEntry createEntry(RegistrationEntry entry) throws StoreException;

  /**
   * Replaces the entry with {@code entry.id()}; its revision becomes the stored one plus 1 and its
   * creation time stays. The revision of {@code entry} is ignored.
   *
   * @return the stored entry
   * @throws StoreException {@code NOT_FOUND} if there is no such entry, {@code ALREADY_EXISTS} if
   *     another entry has the same SPIFFE ID, parent ID and selector set
   */
  RegistrationEntry updateEntry(RegistrationEntry entry) throws StoreException;

  /**
   * Deletes the entry with {@code id}.
   *
   * @throws StoreException {@code NOT_FOUND} if there is no such entry
   */
  void deleteEntry(String id) throws StoreException;

  /** The entry with {@code id}, if any. */
  Optional<RegistrationEntry> entry(String id) throws StoreException;

  /** The entries that {@code filter} matches, ordered by SPIFFE ID, then id. */
  List<RegistrationEntry> listEntries(EntryFilter filter) throws StoreException;

  /**
   * Stores a join token (its hash only).
   *
   * @throws StoreException {@code ALREADY_EXISTS} if a token with the same hash exists
   */
  void createJoinToken(JoinTokenRecord token) throws StoreException;

  /**
   * Uses up the join token with {@code tokenHash}: it is deleted and returned, atomically, so of
   * any number of concurrent callers exactly one succeeds. An expired token is left in place.
   *
   * @throws StoreException {@code NOT_FOUND} ("join token: unknown or already used"), {@code
   *     EXPIRED} ("join token: expired at &lt;instant&gt;") if {@code now} is at or after its
   *     expiry
   */
  JoinTokenRecord consumeJoinToken(String tokenHash, Instant now) throws StoreException;

  /**
   * Deletes the join tokens that have expired at {@code now}.
   *
   * @return how many were deleted
   */
  int pruneJoinTokens(Instant now) throws StoreException;

  /** Stores {@code agent}, replacing the record with the same ID if there is one. */
  void saveAgent(AttestedNode agent) throws StoreException;

  /** The agent with {@code id}, if it has attested. */
  Optional<AttestedNode> agent(SpiffeId id) throws StoreException;

  /**
   * Deletes the agent with {@code id} (SPIRE's evict): its calls are refused until it attests
   * again.
   *
   * @return whether there was one
   */
  boolean deleteAgent(SpiffeId id) throws StoreException;

  /** Every attested agent, ordered by ID. */
  List<AttestedNode> listAgents() throws StoreException;

  /** The bundle of {@code trustDomain}, if stored. */
  Optional<TrustBundle> bundle(TrustDomain trustDomain) throws StoreException;

  /** Every stored bundle, ordered by trust domain. */
  List<TrustBundle> bundles() throws StoreException;

  /** Stores {@code bundle} (as a SPIFFE bundle document), replacing its trust domain's bundle. */
  void putBundle(TrustBundle bundle) throws StoreException;

  /**
   * Deletes the bundle of {@code trustDomain}.
   *
   * @return whether there was one
   */
  boolean deleteBundle(TrustDomain trustDomain) throws StoreException;

  /**
   * Stores a federation relationship, replacing the one with the same trust domain but keeping its
   * fetch status.
   */
  void putFederation(FederationRelationship relationship) throws StoreException;

  /** The relationship with {@code trustDomain} and its status, if there is one. */
  Optional<FederationRecord> federation(TrustDomain trustDomain) throws StoreException;

  /** Every federation relationship, ordered by trust domain. */
  List<FederationRecord> federations() throws StoreException;

  /**
   * Records the outcome of fetches for the relationship with {@code trustDomain}.
   *
   * @throws StoreException NOT_FOUND if there is no such relationship
   */
  void recordFederationStatus(TrustDomain trustDomain, FederationStatus status)
      throws StoreException;

  /**
   * Deletes the relationship with {@code trustDomain} (not its bundle: delete that with {@link
   * #deleteBundle}).
   *
   * @return whether there was one
   */
  boolean deleteFederation(TrustDomain trustDomain) throws StoreException;

  /**
   * A persistent counter that grows by one on every entry or bundle change (create, update, delete,
   * put); 0 for a new store. Agents use it to tell whether anything they hold changed.
   */
  long revision() throws StoreException;

  /** Closes the connections; idempotent. */
  @Override
  void close();
}
