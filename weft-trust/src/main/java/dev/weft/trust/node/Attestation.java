package dev.weft.trust.node;

import com.google.protobuf.ByteString;
import dev.weft.identity.bundle.BundleException;
import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.bundle.SpiffeBundleFormat;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.pem.Pem;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.svid.SvidException;
import dev.weft.identity.svid.X509Svid;
import dev.weft.identity.svid.X509SvidVerifier;
import dev.weft.proto.trust.v1.AgentSvid;
import dev.weft.proto.trust.v1.AttestAgentRequest;
import dev.weft.proto.trust.v1.NodeGrpc;
import dev.weft.proto.trust.v1.RenewAgentRequest;
import dev.weft.trust.ca.Csr;
import dev.weft.trust.config.NodeAgentConfig;
import dev.weft.trust.internal.tls.PinnedServerTrust;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The agent's side of node attestation: trading a join token for a first SVID over TLS that
 * authenticates the server with the bootstrap bundle, and renewing that SVID over mutual TLS. The
 * agent's private key is generated here and never leaves the process.
 */
final class Attestation {
  private static final long DEADLINE_SECONDS = 30;

  private final NodeAgentConfig config;
  private final SpiffeId serverId;
  private final Clock clock;

  Attestation(NodeAgentConfig config, SpiffeId serverId, Clock clock) {
    this.config = config;
    this.serverId = serverId;
    this.clock = clock;
  }

  NodeCredentials.Stored attest(String joinToken) throws IOException {
    TrustBundle bootstrap = bootstrapBundle();
    KeyPair keys = newKeys();
    TlsChannelCredentials.Builder tls =
        TlsChannelCredentials.newBuilder()
            .trustManager(
                bootstrap == null
                    ? PinnedServerTrust.insecure("trust server", serverId, clock)
                    : PinnedServerTrust.of("trust server", bootstrap, serverId, clock));
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(config.serverAddress(), config.serverPort(), tls.build())
            .overrideAuthority("localhost")
            .build();
    try {
      AgentSvid response =
          NodeGrpc.newBlockingStub(channel)
              .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
              .attestAgent(
                  AttestAgentRequest.newBuilder()
                      .setJoinToken(joinToken)
                      .setCsr(ByteString.copyFrom(csr(keys)))
                      .build());
      TrustBundle bundle = SpiffeBundleFormat.parse(config.trustDomain(), response.getBundle());
      X509Svid svid = svid(response.getCertChainList(), keys);
      X509SvidVerifier.verify(svid.chain(), BundleSet.of(bundle), clock.instant());
      return new NodeCredentials.Stored(svid, bundle);
    } catch (StatusRuntimeException e) {
      throw new IOException(
          "attestation with the trust server at "
              + config.serverAddress()
              + ":"
              + config.serverPort()
              + " failed: "
              + describe(e),
          e);
    } catch (BundleException | SvidException | CertificateException e) {
      throw new IOException(
          "the trust server's attestation answer is invalid: " + e.getMessage(), e);
    } finally {
      channel.shutdownNow();
    }
  }

  X509Svid renew(NodeGrpc.NodeBlockingStub node)
      throws IOException, SvidException, CertificateException {
    KeyPair keys = newKeys();
    AgentSvid response =
        node.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
            .renewAgent(
                RenewAgentRequest.newBuilder().setCsr(ByteString.copyFrom(csr(keys))).build());
    return svid(response.getCertChainList(), keys);
  }

  private TrustBundle bootstrapBundle() throws IOException {
    if (config.trustBundlePath().isPresent()) {
      var path = config.trustBundlePath().get();
      try {
        return TrustBundle.ofX509(
            config.trustDomain(), Pem.parseCertificates(Files.readString(path)));
      } catch (CertificateException e) {
        throw new IOException("trust_bundle_path " + path + ": " + e.getMessage(), e);
      }
    }
    if (config.insecureBootstrap()) {
      return null;
    }
    throw new IOException(
        "agent: no trust_bundle_path to authenticate the trust server with"
            + " (expected: a PEM bundle, e.g. from weft trust bundle show, or insecure_bootstrap: true)");
  }

  private static X509Svid svid(List<ByteString> der, KeyPair keys)
      throws SvidException, CertificateException {
    List<X509Certificate> chain = new ArrayList<>();
    for (ByteString cert : der) {
      chain.addAll(Pem.parseDerCertificates(cert.toByteArray()));
    }
    return X509Svid.of(chain, keys.getPrivate(), "");
  }

  /** A fresh EC P-256 key pair for an SVID. */
  static KeyPair newKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot generate EC P-256 keys", e);
    }
  }

  static byte[] csr(KeyPair keys) throws IOException {
    try {
      return Csr.create(keys);
    } catch (RuntimeException e) {
      throw new IOException("cannot build a certificate request: " + e.getMessage(), e);
    }
  }

  /**
   * A failed call's status for messages and logs: its code, its description, and the local cause
   * (such as a refused connection) when there is one; never a stack trace.
   */
  static String describe(StatusRuntimeException e) {
    String d = e.getStatus().getDescription();
    Throwable cause = e.getStatus().getCause();
    return e.getStatus().getCode()
        + (d == null ? "" : ": " + d)
        + (cause == null || cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")");
  }
}
