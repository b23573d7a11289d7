package dev.weft.trust.ca;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.spiffeid.SpiffeId;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate authority of one trust domain: signs X.509-SVIDs and JWT-SVIDs, publishes the
 * authorities relying parties need, and rotates its keys.
 *
 * <p><b>Rotation.</b> An X.509 CA (and likewise a JWT signing key, with lifetime {@link
 * CaConfig#caTtl()}) is used from its creation until five sixths of its lifetime. At half its
 * lifetime its successor is prepared: a new key and, for X.509, a new CA certificate. A prepared
 * self-signed CA and a prepared JWT key appear in {@link #bundle()} at once, before they sign
 * anything, so relying parties learn them before the first SVID they sign. At five sixths (or when
 * the active one has expired) the successor becomes active. A former CA or key stays in the bundle
 * until its notAfter has passed, since what it signed expires no later; then it is pruned and its
 * key deleted from the {@link KeyManager}. {@link #rotate()} does all this per the clock and must
 * be called regularly (every few seconds, as SPIRE does).
 *
 * <p><b>Upstream authority.</b> With {@link CaConfig#upstream()} the X.509 CA is an intermediate
 * signed by the upstream key, valid no longer than the upstream certificate; the bundle holds the
 * upstream roots, and X.509-SVID chains are the leaf followed by the intermediate (and by the
 * upstream certificate when it is not itself one of the roots).
 *
 * <p><b>Persistence.</b> Every slot (X.509 CA or JWT key) is recorded in a JSON journal; opening
 * the same journal with the same key manager restores the same CAs and keys. A recorded active or
 * prepared slot whose key the key manager no longer has (a memory key manager after a restart) is
 * retired, with a warning, and a new one is generated; it stays in the bundle until it expires.
 *
 * <p><b>Threading.</b> Signing and minting are lock-free: they read an immutable snapshot of the
 * active keys from a volatile field. {@link #rotate()} is serialised on one lock and replaces the
 * snapshot. All methods are thread-safe.
 */
public final class CertificateAuthority implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CertificateAuthority.class);

  private final CaConfig config;
  private final KeyManager keys;
  private final Journal journal;
  private final Clock clock;
  private final SigningBackend backend;
  private final ReentrantLock lock = new ReentrantLock();

  /** Every slot, in creation order. */
  @GuardedBy("lock")
  private List<Slot> slots = List.of();

  /** Private keys of the active and prepared slots, by key ID. */
  @GuardedBy("lock")
  private Map<String, PrivateKey> signingKeys = Map.of();

  private volatile Active active;
  private volatile boolean closed;

  /** What signing needs and what the CA publishes, replaced as a whole on rotation. */
  private record Active(
      X509SvidSigner x509, JwtSvidSigner jwt, TrustBundle bundle, CaStatus status) {}

  private CertificateAuthority(
      CaConfig config, KeyManager keys, Path journalFile, Clock clock, SigningBackend backend) {
    this.config = config;
    this.keys = keys;
    this.journal = new Journal(journalFile);
    this.clock = clock;
    this.backend = backend;
  }

  /**
   * Opens the certificate authority recorded in {@code journalFile}, or creates one if the file
   * does not exist, and brings it up to date with {@code clock} as {@link #rotate()} does.
   *
   * @param config the trust domain, lifetimes, key type and upstream authority
   * @param keys where the private keys live
   * @param journalFile the JSON journal (created with mode 0600, its directory if missing)
   * @param clock the clock that drives validity and rotation
   * @throws CaException if the journal is corrupt or of another trust domain (naming the file), a
   *     key does not match its journal entry, the upstream authority does not fit, or a key or the
   *     journal cannot be written
   */
  public static CertificateAuthority open(
      CaConfig config, KeyManager keys, Path journalFile, Clock clock) throws CaException {
    return open(config, keys, journalFile, clock, SigningBackend.AUTO);
  }

  /**
   * As {@link #open(CaConfig, KeyManager, Path, Clock)}, computing signatures with {@code backend}
   * instead of {@link SigningBackend#AUTO}: for benchmarks that compare the choices. A server has
   * no reason to call it.
   *
   * @throws CaException as {@link #open(CaConfig, KeyManager, Path, Clock)}
   */
  public static CertificateAuthority open(
      CaConfig config, KeyManager keys, Path journalFile, Clock clock, SigningBackend backend)
      throws CaException {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(journalFile, "journalFile");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(backend, "backend");
    if (config.upstream().isPresent()) {
      config.upstream().get().validate("upstream authority");
    }
    CertificateAuthority ca = new CertificateAuthority(config, keys, journalFile, clock, backend);
    ca.restore();
    return ca;
  }

  /**
   * Signs an X.509-SVID for {@code id} and {@code publicKey}.
   *
   * <p>The leaf has a random 128-bit serial, subject {@code O=Weft} plus {@code CN=} the first DNS
   * name (if any, up to 64 characters), URI SAN {@code id} and DNS SANs {@code dnsNames}, cA=false
   * (critical), critical key usage digitalSignature plus keyAgreement (EC) or keyEncipherment
   * (RSA), extended key usage serverAuth and clientAuth, SKI and AKI. It is valid from 10 seconds
   * before now (for clock skew) for {@code ttl}, never past the signing CA's notAfter.
   *
   * @param id a SPIFFE ID with a path, of this CA's trust domain
   * @param publicKey the workload's key: EC P-256, EC P-384 or RSA of 2048 to 8192 bits
   * @param ttl the lifetime; {@link Duration#ZERO} for {@link CaConfig#defaultX509SvidTtl()}
   * @param dnsNames DNS SANs, possibly none (at most 100)
   * @return the chain, leaf first, followed by the intermediate(s) when an upstream authority is
   *     used
   * @throws CaException if an argument is not acceptable (the message names it) or the active CA
   *     has expired because {@link #rotate()} was not called
   */
  public List<X509Certificate> signX509Svid(
      SpiffeId id, PublicKey publicKey, Duration ttl, List<String> dnsNames) throws CaException {
    checkOpen();
    Arguments.member(id, config.trustDomain(), "SPIFFE ID");
    if (publicKey == null) {
      throw new CaException("public key: null (expected: EC P-256, EC P-384 or RSA >= 2048 bits)");
    }
    KeyMaterial.checkWorkloadKey(publicKey);
    Duration lifetime = Arguments.ttl(ttl, config.defaultX509SvidTtl());
    List<String> names = Arguments.dnsNames(dnsNames);
    X509SvidSigner signer = active.x509();
    Instant now = clock.instant();
    if (!now.isBefore(signer.caNotAfter())) {
      throw new CaException(
          "X.509 CA: expired at "
              + signer.caNotAfter()
              + " (expected: rotate() to be called regularly)");
    }
    return signer.sign(id, publicKey, lifetime, names, now);
  }

  /**
   * Mints a JWT-SVID: a JWS (ES256 for the default key type, ES384 or RS256 otherwise) with header
   * {@code kid} and {@code typ: JWT}, and claims {@code sub}, {@code aud}, {@code exp} and {@code
   * iat}. It expires after {@code ttl}, never past the signing key's notAfter.
   *
   * @param subject a SPIFFE ID with a path, of this CA's trust domain
   * @param audience at least one audience value, none empty
   * @param ttl the lifetime; {@link Duration#ZERO} for {@link CaConfig#defaultJwtSvidTtl()}
   * @return the token in JWS compact form (a bearer credential: never log it)
   * @throws CaException if an argument is not acceptable or the key has expired because {@link
   *     #rotate()} was not called
   */
  public String mintJwtSvid(SpiffeId subject, Set<String> audience, Duration ttl)
      throws CaException {
    checkOpen();
    Arguments.member(subject, config.trustDomain(), "subject");
    Set<String> aud = Arguments.audience(audience);
    Duration lifetime = Arguments.ttl(ttl, config.defaultJwtSvidTtl());
    return active.jwt().mint(subject, aud, lifetime, clock.instant());
  }

  /**
   * The authorities published now: the X.509 roots (this CA's self-signed certificates, active,
   * prepared and retired; or the upstream roots) and the JWT public keys by {@code kid}. Carries no
   * sequence number or refresh hint: the server numbers bundles.
   */
  public TrustBundle bundle() {
    return active.bundle();
  }

  /**
   * Prepares, activates and prunes X.509 CAs and JWT keys as the clock says, records the result in
   * the journal and deletes the keys of pruned slots. Cheap when there is nothing to do, so it may
   * be called often.
   *
   * @return whether {@link #bundle()} changed
   * @throws CaException if a key or certificate cannot be created or the journal cannot be written;
   *     the CA then keeps its previous state
   */
  public boolean rotate() throws CaException {
    checkOpen();
    lock.lock();
    try {
      return advance(clock.instant(), slots);
    } finally {
      lock.unlock();
    }
  }

  /** The active and next X.509 CA and JWT key, and the retired ones still kept. */
  public CaStatus status() {
    return active.status();
  }

  /** The configuration this CA was opened with. */
  public CaConfig config() {
    return config;
  }

  /**
   * Stops signing: later calls to {@link #signX509Svid}, {@link #mintJwtSvid} and {@link #rotate()}
   * fail. Keys stay in the key manager.
   */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      signingKeys = Map.of();
    } finally {
      lock.unlock();
    }
  }

  private void checkOpen() throws CaException {
    if (closed) {
      throw new CaException("certificate authority of " + config.trustDomain() + ": closed");
    }
  }

  private void restore() throws CaException {
    lock.lock();
    try {
      List<Slot> recorded = journal.read(config.trustDomain()).orElse(List.of());
      List<Slot> restored = new ArrayList<>();
      Map<String, PrivateKey> restoredKeys = new HashMap<>();
      for (Slot slot : recorded) {
        if (slot.state() == Slot.State.RETIRED) {
          restored.add(slot);
          continue;
        }
        Optional<KeyPair> pair = keys.load(slot.keyId());
        if (pair.isEmpty()) {
          LOG.warn(
              "CA journal {}: the key of {} is missing from {}; retiring it and generating a new one",
              journal.file(),
              slot.describe(),
              keys);
          restored.add(slot.withState(Slot.State.RETIRED));
          continue;
        }
        if (!KeyMaterial.matches(pair.get().getPrivate(), slot.publicKey())) {
          throw new CaException(
              "CA journal "
                  + journal.file()
                  + ": the key "
                  + slot.keyId()
                  + " in "
                  + keys
                  + " does not match the public key recorded for it (expected: the key manager"
                  + " the journal was written with)");
        }
        if (slot.kind() == Slot.Kind.X509_CA && !signedByCurrentAuthority(slot.certificate())) {
          LOG.warn(
              "CA journal {}: {} is {}, unlike the configuration; retiring it",
              journal.file(),
              slot.describe(),
              config.upstream().isPresent()
                  ? "not signed by the upstream authority"
                  : "not self-signed");
          restored.add(slot.withState(Slot.State.RETIRED));
          continue;
        }
        restored.add(slot);
        restoredKeys.put(slot.keyId(), pair.get().getPrivate());
      }
      slots = recorded;
      signingKeys = Map.copyOf(restoredKeys);
      advance(clock.instant(), restored);
      if (recorded.isEmpty()) {
        LOG.info("{}: new certificate authority, journal {}", config.trustDomain(), journal.file());
      }
    } finally {
      lock.unlock();
    }
  }

  /** Moves {@code start} forward to {@code now}, records and publishes the result. */
  @GuardedBy("lock")
  private boolean advance(Instant now, List<Slot> start) throws CaException {
    List<Slot> working = new ArrayList<>(start);
    Map<String, PrivateKey> created = new HashMap<>();
    try {
      for (Slot.Kind kind : Slot.Kind.values()) {
        Schedule.apply(
            kind, working, now, (k, state) -> create(k, state, created, now), this::logTransition);
      }
      List<Slot> pruned = new ArrayList<>();
      working.removeIf(
          slot -> slot.state() == Slot.State.RETIRED && slot.expiredAt(now) && pruned.add(slot));
      if (working.equals(slots) && active != null) {
        return false;
      }
      Map<String, PrivateKey> nextKeys = new HashMap<>(signingKeys);
      nextKeys.putAll(created);
      nextKeys
          .keySet()
          .retainAll(
              working.stream()
                  .filter(s -> s.state() != Slot.State.RETIRED)
                  .map(Slot::keyId)
                  .toList());
      Active next = activate(working, nextKeys);
      journal.write(config.trustDomain(), working);
      TrustBundle before = active == null ? null : active.bundle();
      slots = List.copyOf(working);
      signingKeys = Map.copyOf(nextKeys);
      active = next;
      created.clear();
      for (Slot slot : pruned) {
        LOG.info("{}: pruned expired {}", config.trustDomain(), slot.describe());
        deleteKey(slot.keyId());
      }
      return !next.bundle().equals(before);
    } finally {
      for (String keyId : created.keySet()) {
        deleteKey(keyId);
      }
    }
  }

  private Slot create(
      Slot.Kind kind, Slot.State state, Map<String, PrivateKey> created, Instant now)
      throws CaException {
    String keyId =
        KeyIds.fresh(kind == Slot.Kind.X509_CA ? "x509-ca" : "jwt-key", now.getEpochSecond());
    KeyPair pair = keys.generate(keyId, config.keyType());
    created.put(keyId, pair.getPrivate());
    Slot slot;
    if (kind == Slot.Kind.X509_CA) {
      X509Certificate cert = CaCertificates.mint(config, pair, now);
      if (config.upstream().isPresent()
          && cert.getNotAfter()
              .toInstant()
              .isBefore(
                  now.plus(config.caTtl()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS))) {
        LOG.warn(
            "{}: the new X.509 CA expires with the upstream certificate at {}, short of the"
                + " configured lifetime {}; renew the upstream certificate",
            config.trustDomain(),
            cert.getNotAfter().toInstant(),
            config.caTtl());
      }
      slot = Slot.x509(keyId, state, cert);
    } else {
      // Same validity as a self-signed CA created now, so both rotate together.
      slot =
          Slot.jwt(
              keyId,
              state,
              randomKid(),
              pair.getPublic(),
              now.minus(CaCertificates.BACKDATE),
              now.plus(config.caTtl()));
    }
    LOG.info(
        "{}: {} {}",
        config.trustDomain(),
        state == Slot.State.ACTIVE ? "created" : "prepared",
        slot.describe());
    return slot;
  }

  private void logTransition(Slot slot, String what) {
    LOG.info("{}: {} {}", config.trustDomain(), what, slot.describe());
  }

  private Active activate(List<Slot> working, Map<String, PrivateKey> keysById) throws CaException {
    Slot x509 = Schedule.find(working, Slot.Kind.X509_CA, Slot.State.ACTIVE);
    Slot jwt = Schedule.find(working, Slot.Kind.JWT_KEY, Slot.State.ACTIVE);
    List<X509Certificate> chainTail = new ArrayList<>();
    if (config.upstream().isPresent()) {
      chainTail.add(x509.certificate());
      if (!config.upstream().get().certificateIsRoot()) {
        chainTail.add(config.upstream().get().certificate());
      }
    }
    X509SvidSigner x509Signer =
        new X509SvidSigner(x509.certificate(), keysById.get(x509.keyId()), chainTail, backend);
    JwtSvidSigner jwtSigner = new JwtSvidSigner(jwt, keysById.get(jwt.keyId()), backend);
    return new Active(
        x509Signer,
        jwtSigner,
        Publication.bundle(config, working),
        Publication.status(config, working));
  }

  private boolean signedByCurrentAuthority(X509Certificate cert) {
    return config.upstream().isPresent()
        ? UpstreamAuthority.signedBy(cert, config.upstream().get().certificate())
        : UpstreamAuthority.selfSigned(cert);
  }

  private void deleteKey(String keyId) {
    try {
      keys.delete(keyId);
    } catch (CaException e) {
      LOG.warn("{}: key {} could not be deleted: {}", config.trustDomain(), keyId, e.getMessage());
    }
  }

  private static String randomKid() {
    byte[] bytes = new byte[24];
    KeyMaterial.RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
