package dev.weft.trust.node;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import com.google.protobuf.ByteString;
import dev.weft.identity.pem.Pem;
import dev.weft.identity.svid.SvidException;
import dev.weft.identity.svid.X509Svid;
import dev.weft.proto.trust.v1.NodeGrpc;
import dev.weft.proto.trust.v1.SignX509SvidsRequest;
import dev.weft.proto.trust.v1.SignX509SvidsResponse;
import dev.weft.proto.trust.v1.SignedSvid;
import dev.weft.proto.trust.v1.SvidRequest;
import dev.weft.trust.registration.RegistrationEntry;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets SVIDs signed for the entries that need one: a fresh key pair per SVID, kept here; only a CSR
 * goes to the server, in batches. Runs one batch round at a time; failures are logged and retried
 * on the next round, while the cache keeps serving what it has. An entry the server answers without
 * an SVID for (its CA refused it) is asked for again after {@link #DECLINED_RETRY}, or at once when
 * the entry changes.
 */
final class SvidSigner {
  private static final Logger log = LoggerFactory.getLogger(SvidSigner.class);
  private static final int BATCH = 500;
  static final Duration DECLINED_RETRY = Duration.ofMinutes(1);

  /** An entry revision the server did not sign, and when to ask again. */
  private record Declined(long revision, Instant retryAt) {}

  private final NodeGrpc.NodeBlockingStub node;
  private final WorkloadCache cache;
  private final Clock clock;
  private final Object lock = new Object();

  @GuardedBy("lock")
  private final Map<String, Declined> declined = new HashMap<>();

  SvidSigner(NodeGrpc.NodeBlockingStub node, WorkloadCache cache, Clock clock) {
    this.node = node;
    this.cache = cache;
    this.clock = clock;
  }

  void signDue() {
    synchronized (lock) {
      Instant now = clock.instant();
      declined.values().removeIf(d -> !now.isBefore(d.retryAt()));
      List<RegistrationEntry> due = new ArrayList<>();
      for (RegistrationEntry e : cache.due(now)) {
        Declined d = declined.get(e.id());
        if (d == null || d.revision() != e.revision()) {
          due.add(e);
        }
      }
      for (int from = 0; from < due.size(); from += BATCH) {
        List<RegistrationEntry> batch = due.subList(from, Math.min(due.size(), from + BATCH));
        try {
          cache.put(sign(batch));
        } catch (StatusRuntimeException e) {
          log.warn(
              "signing {} SVIDs failed: {} (will retry)", batch.size(), Attestation.describe(e));
          return;
        } catch (IOException | SvidException | CertificateException e) {
          log.warn("signing {} SVIDs failed: {} (will retry)", batch.size(), e.getMessage());
          return;
        }
      }
    }
  }

  @GuardedBy("lock")
  private List<WorkloadCache.Held> sign(List<RegistrationEntry> entries)
      throws IOException, SvidException, CertificateException {
    Map<String, KeyPair> keys = new HashMap<>();
    Map<String, RegistrationEntry> byId = new HashMap<>();
    SignX509SvidsRequest.Builder request = SignX509SvidsRequest.newBuilder();
    for (RegistrationEntry entry : entries) {
      KeyPair pair = Attestation.newKeys();
      keys.put(entry.id(), pair);
      byId.put(entry.id(), entry);
      request.addRequests(
          SvidRequest.newBuilder()
              .setEntryId(entry.id())
              .setCsr(ByteString.copyFrom(Attestation.csr(pair))));
    }
    SignX509SvidsResponse response =
        node.withDeadlineAfter(30, TimeUnit.SECONDS).signX509Svids(request.build());
    List<WorkloadCache.Held> signed = new ArrayList<>();
    for (SignedSvid svid : response.getSvidsList()) {
      RegistrationEntry entry = byId.get(svid.getEntryId());
      if (entry == null) {
        log.warn(
            "server signed an SVID for entry {} that was not asked for; ignored",
            svid.getEntryId());
        continue;
      }
      List<X509Certificate> chain = new ArrayList<>();
      for (ByteString der : svid.getCertChainList()) {
        chain.addAll(Pem.parseDerCertificates(der.toByteArray()));
      }
      X509Svid x509 = X509Svid.of(chain, keys.get(entry.id()).getPrivate(), entry.hint());
      if (!x509.id().equals(entry.spiffeId())) {
        throw new SvidException(
            "server signed "
                + x509.id()
                + " for entry "
                + entry.id()
                + " (expected: "
                + entry.spiffeId()
                + ")");
      }
      signed.add(new WorkloadCache.Held(entry, x509));
      byId.remove(entry.id());
    }
    if (!byId.isEmpty()) {
      Instant retryAt = clock.instant().plus(DECLINED_RETRY);
      for (RegistrationEntry e : byId.values()) {
        declined.put(e.id(), new Declined(e.revision(), retryAt));
      }
      log.warn(
          "trust server did not sign SVIDs for entries {} (asking again at {})",
          byId.keySet(),
          retryAt);
    }
    log.debug("{} SVIDs signed", signed.size());
    return signed;
  }
}
