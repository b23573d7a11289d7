package dev.weft.fabric.mls;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.source.IdentitySnapshot;
import dev.weft.identity.source.IdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.mls.TreeKEM.LeafNode;
import org.bouncycastle.mls.TreeKEM.LifeTime;
import org.bouncycastle.mls.codec.Capabilities;
import org.bouncycastle.mls.codec.KeyPackage;
import org.bouncycastle.mls.codec.MLSMessage;
import org.bouncycastle.mls.codec.MLSOutputStream;
import org.bouncycastle.mls.codec.Welcome;
import org.bouncycastle.mls.crypto.MlsCipherSuite;

/**
 * One participant of MLS groups: the workload's current X.509-SVID (from its {@link
 * IdentitySource}) as an MLS X.509 credential, the SVID's private key as the MLS signature key, and
 * the key packages it has published and not yet used. Peers are verified against the bundles of the
 * same source, at the time of the injected clock.
 *
 * <p>Thread-safe. A key package is used once; the member keeps the secrets of the last {@value
 * #MAX_PENDING} it published.
 */
public final class MlsMember {
  /** How many published, unused key packages a member keeps the secrets of. */
  public static final int MAX_PENDING = 32;

  private final IdentitySource source;
  private final Clock clock;

  @GuardedBy("Bcmls.LOCK")
  private final Map<KeyPackage, Pending> pending =
      new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<KeyPackage, Pending> eldest) {
          return size() > MAX_PENDING;
        }
      };

  /** The secrets behind a published key package. */
  record Pending(
      KeyPackage keyPackage,
      AsymmetricCipherKeyPair init,
      AsymmetricCipherKeyPair encryption,
      AsymmetricCipherKeyPair signature) {}

  /** The material a group needs of its local member at one moment. */
  record Signer(
      SpiffeId id,
      LeafNode leaf,
      AsymmetricCipherKeyPair encryption,
      AsymmetricCipherKeyPair signature) {}

  private MlsMember(IdentitySource source, Clock clock) {
    this.source = Objects.requireNonNull(source, "source");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A member presenting {@code source}'s SVID; peers are checked at {@code clock}'s time. */
  public static MlsMember of(IdentitySource source, Clock clock) {
    return new MlsMember(source, clock);
  }

  /** A member presenting {@code source}'s SVID, checking peers at the system clock's time. */
  public static MlsMember of(IdentitySource source) {
    return new MlsMember(source, Clock.systemUTC());
  }

  /** This member's SPIFFE ID (of the current SVID). */
  public SpiffeId id() {
    return source.current().svid().id();
  }

  /**
   * The certificate of the SVID this member presents now: when it changes (the SVID rotated),
   * groups made with the earlier one should be re-keyed, since an MLS leaf's signature key cannot
   * change in place with bcmls.
   */
  public java.security.cert.X509Certificate credential() {
    return source.current().svid().chain().getFirst();
  }

  /**
   * Publishes a new key package (an encoded MLS message) with the current SVID: what a group's
   * committer needs to {@link MlsGroup#add(byte[]) add} this member.
   */
  public byte[] publishKeyPackage() throws MlsException {
    synchronized (Bcmls.LOCK) {
      MlsCipherSuite suite = SvidCredentials.suite();
      Signer signer = signer(suite);
      try {
        AsymmetricCipherKeyPair init = suite.getHPKE().generatePrivateKey();
        byte[] signingKey = suite.serializeSignaturePrivateKey(signer.signature().getPrivate());
        KeyPackage keyPackage =
            new KeyPackage(
                suite,
                suite.getHPKE().serializePublicKey(init.getPublic()),
                signer.leaf(),
                new ArrayList<>(),
                signingKey);
        synchronized (Bcmls.LOCK) {
          pending.put(
              keyPackage, new Pending(keyPackage, init, signer.encryption(), signer.signature()));
        }
        return MLSOutputStream.encode(MLSMessage.keyPackage(keyPackage));
      } catch (IOException | org.bouncycastle.crypto.CryptoException | RuntimeException e) {
        throw new MlsException("key package of " + signer.id() + ": cannot be created", e);
      }
    }
  }

  /** A fresh leaf (new HPKE key) with the current SVID as credential and key. */
  Signer signer(MlsCipherSuite suite) throws MlsException {
    synchronized (Bcmls.LOCK) {
      IdentitySnapshot snapshot = source.current();
      AsymmetricCipherKeyPair signature = SvidCredentials.signatureKeys(snapshot.svid());
      try {
        AsymmetricCipherKeyPair encryption = suite.getHPKE().generatePrivateKey();
        LeafNode leaf =
            new LeafNode(
                suite,
                suite.getHPKE().serializePublicKey(encryption.getPublic()),
                suite.serializeSignaturePublicKey(signature.getPublic()),
                SvidCredentials.credential(snapshot.svid()),
                new Capabilities(),
                new LifeTime(),
                new ArrayList<>(),
                suite.serializeSignaturePrivateKey(signature.getPrivate()));
        return new Signer(snapshot.svid().id(), leaf, encryption, signature);
      } catch (MlsException e) {
        throw e;
      } catch (Exception e) {
        throw new MlsException("MLS leaf of " + snapshot.svid().id() + ": cannot be created", e);
      }
    }
  }

  /** Takes (once) the secrets of the published key package {@code welcome} is addressed to. */
  Pending takeKeyPackageFor(Welcome welcome) throws MlsException {
    synchronized (Bcmls.LOCK) {
      Iterator<Pending> it = pending.values().iterator();
      while (it.hasNext()) {
        Pending candidate = it.next();
        int index;
        try {
          index = welcome.find(candidate.keyPackage());
        } catch (IOException e) {
          throw new MlsException("welcome: cannot be matched to a key package", e);
        }
        if (index >= 0) {
          it.remove();
          return candidate;
        }
      }
      throw new MlsException(
          "welcome: for none of the key packages "
              + id()
              + " published (expected: a welcome for an unused key package of this member)");
    }
  }

  BundleSet bundles() {
    return source.current().bundles();
  }

  Clock clock() {
    return clock;
  }
}
