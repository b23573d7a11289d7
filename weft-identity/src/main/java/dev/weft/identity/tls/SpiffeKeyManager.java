package dev.weft.identity.tls;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.weft.identity.source.IdentitySource;
import dev.weft.identity.svid.X509Svid;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presents the X.509-SVID of the source's current snapshot on every handshake, client or server.
 *
 * <p>JSSE asks for an alias first and for the chain and key of that alias afterwards; between the
 * two calls the source may rotate. Each SVID therefore gets its own alias and the chain and key are
 * looked up by alias, so a handshake never pairs the chain of one SVID with the key of another. The
 * current and the previous SVID are remembered; a handshake that spans two rotations finds neither
 * and fails (the peer retries).
 */
final class SpiffeKeyManager extends X509ExtendedKeyManager {
  private static final Logger log = LoggerFactory.getLogger(SpiffeKeyManager.class);
  private static final String ALIAS_PREFIX = "spiffe-svid-";

  /** An SVID and the alias it is offered under. */
  private record Presented(String alias, X509Svid svid) {}

  private final IdentitySource source;
  private final Object lock = new Object();
  private volatile Presented current;
  private volatile Presented previous;

  @GuardedBy("lock")
  private long next;

  SpiffeKeyManager(IdentitySource source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return alias(keyType);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return alias(keyType);
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return alias(keyTypes);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    return alias(keyTypes);
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return aliases(keyType);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return aliases(keyType);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    X509Svid svid = byAlias(alias);
    return svid == null ? null : svid.chain().toArray(new X509Certificate[0]);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    X509Svid svid = byAlias(alias);
    return svid == null ? null : svid.privateKey();
  }

  private String alias(String... keyTypes) {
    Presented presented = presented();
    if (presented == null) {
      return null;
    }
    String algorithm = presented.svid().privateKey().getAlgorithm();
    for (String keyType : keyTypes) {
      if (keyType != null && matches(keyType, algorithm)) {
        return presented.alias();
      }
    }
    return null;
  }

  private String[] aliases(String keyType) {
    String alias = alias(keyType);
    return alias == null ? null : new String[] {alias};
  }

  /** {@code EC} matches {@code EC} and JSSE's {@code EC_EC} / {@code EC_RSA} forms. */
  private static boolean matches(String keyType, String algorithm) {
    int underscore = keyType.indexOf('_');
    String wanted = underscore < 0 ? keyType : keyType.substring(0, underscore);
    return wanted.equals(algorithm);
  }

  private Presented presented() {
    X509Svid svid;
    try {
      svid = source.current().svid();
    } catch (IllegalStateException e) {
      log.error("TLS: no SVID to present: {}", e.getMessage());
      return null;
    }
    Presented now = current;
    if (now != null && now.svid() == svid) {
      return now;
    }
    synchronized (lock) {
      now = current;
      if (now != null && now.svid() == svid) {
        return now;
      }
      Presented fresh = new Presented(ALIAS_PREFIX + next++, svid);
      previous = now;
      current = fresh;
      return fresh;
    }
  }

  private X509Svid byAlias(String alias) {
    Presented now = current;
    if (now != null && now.alias().equals(alias)) {
      return now.svid();
    }
    Presented before = previous;
    if (before != null && before.alias().equals(alias)) {
      return before.svid();
    }
    return null;
  }
}
