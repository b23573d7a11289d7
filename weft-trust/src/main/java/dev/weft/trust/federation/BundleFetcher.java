package dev.weft.trust.federation;

import dev.weft.identity.bundle.BundleException;
import dev.weft.identity.bundle.SpiffeBundleFormat;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.trust.internal.tls.PinnedServerTrust;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * Fetches another trust domain's bundle from its SPIFFE bundle endpoint, within {@link
 * FetchLimits}, and checks it with {@link BundleCheck} before returning it. Stateless apart from
 * its configuration; safe to share.
 */
public final class BundleFetcher {
  private final FetchLimits limits;
  private final SSLContext webTls;
  private final Clock clock;

  /**
   * @param webTls the TLS context for {@code https_web} endpoints (normally the JDK's default,
   *     trusting the system's Web PKI roots)
   */
  public BundleFetcher(FetchLimits limits, SSLContext webTls, Clock clock) {
    this.limits = limits;
    this.webTls = webTls;
    this.clock = clock;
  }

  /** A fetcher with the default limits and the JDK's default TLS context for https_web. */
  public static BundleFetcher withDefaults(Clock clock) {
    try {
      return new BundleFetcher(FetchLimits.defaults(), SSLContext.getDefault(), clock);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no default TLS context", e);
    }
  }

  /**
   * Fetches and checks the bundle of {@code relationship}'s trust domain.
   *
   * @param held the bundle of that domain held now (the last good one fetched, or one set by hand),
   *     if any: it authenticates an https_spiffe endpoint in preference to the bootstrap bundle
   * @param lastSequence the {@code spiffe_sequence} of the bundle last accepted from this endpoint,
   *     if any: the new bundle's may not be lower. (Not {@code held}'s: a bundle set by hand
   *     carries this server's numbering, not the other domain's.)
   * @throws FederationException naming the endpoint and the reason
   */
  public TrustBundle fetch(
      FederationRelationship relationship, Optional<TrustBundle> held, OptionalLong lastSequence)
      throws FederationException {
    String where = relationship.bundleEndpointUrl().toString();
    PinnedServerTrust spiffeTrust = null;
    SSLContext tls = webTls;
    if (relationship.profile() == BundleEndpointProfile.HTTPS_SPIFFE) {
      TrustBundle anchor =
          held.filter(b -> !b.x509Authorities().isEmpty())
              .or(relationship::bootstrapBundle)
              .orElseThrow(
                  () ->
                      new FederationException(
                          where
                              + ": no bundle of "
                              + relationship.trustDomain()
                              + " to authenticate the https_spiffe endpoint with (give the relationship a bootstrap bundle,"
                              + " or set the bundle with weft trust bundle set)"));
      spiffeTrust =
          PinnedServerTrust.of(
              "bundle endpoint", anchor, relationship.endpointSpiffeId().orElseThrow(), clock);
      tls = spiffeContext(spiffeTrust);
    }
    byte[] body = get(relationship, tls);
    TrustBundle fetched;
    try {
      fetched = SpiffeBundleFormat.parse(relationship.trustDomain(), body);
    } catch (BundleException e) {
      throw new FederationException(where + ": served an invalid bundle: " + e.getMessage(), e);
    }
    List<X509Certificate> endpointChain = spiffeTrust == null ? null : spiffeTrust.acceptedChain();
    BundleCheck.check(
        relationship, fetched, lastSequence, Optional.ofNullable(endpointChain), clock.instant());
    return fetched;
  }

  private byte[] get(FederationRelationship relationship, SSLContext tls)
      throws FederationException {
    String where = relationship.bundleEndpointUrl().toString();
    HttpRequest request =
        HttpRequest.newBuilder(relationship.bundleEndpointUrl())
            .timeout(limits.readTimeout())
            .header("Accept", "application/json")
            .GET()
            .build();
    try (HttpClient client =
        HttpClient.newBuilder()
            .sslContext(tls)
            .connectTimeout(limits.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build()) {
      CompletableFuture<HttpResponse<byte[]>> pending =
          client.sendAsync(request, LimitedBody.handler(limits.maxBytes()));
      HttpResponse<byte[]> response;
      try {
        response =
            pending.get(
                limits.connectTimeout().plus(limits.readTimeout()).toMillis(),
                TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        pending.cancel(true);
        throw new FederationException(
            where
                + ": no complete answer within "
                + limits.connectTimeout().plus(limits.readTimeout()).toSeconds()
                + "s",
            e);
      } catch (InterruptedException e) {
        pending.cancel(true);
        Thread.currentThread().interrupt();
        throw new FederationException(where + ": interrupted", e);
      } catch (ExecutionException e) {
        throw new FederationException(where + ": " + describe(e.getCause()), e.getCause());
      }
      if (response.statusCode() != 200) {
        throw new FederationException(
            where + ": answered HTTP " + response.statusCode() + " (expected: 200)");
      }
      return response.body();
    }
  }

  private static SSLContext spiffeContext(PinnedServerTrust trust) throws FederationException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trust}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new FederationException("TLS context for the bundle endpoint: " + e.getMessage(), e);
    }
  }

  /** The most telling message in a failure chain (the innermost certificate problem, say). */
  static String describe(Throwable error) {
    if (error instanceof HttpTimeoutException) {
      return "timed out: " + error.getMessage();
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof java.nio.channels.UnresolvedAddressException
          || t instanceof java.net.UnknownHostException) {
        return "cannot resolve the host name (unknown host)";
      }
    }
    if (error instanceof ConnectException) {
      // the HTTP client's ConnectException often has no message, nor has its cause
      for (Throwable t = error; t != null; t = t.getCause()) {
        if (t.getMessage() != null) {
          return "cannot connect: " + t.getMessage();
        }
      }
      return "cannot connect (connection refused or closed)";
    }
    Throwable t = error;
    String message = null;
    while (t != null) {
      if (t instanceof java.security.cert.CertificateException && t.getMessage() != null) {
        return "TLS: " + t.getMessage();
      }
      if (t.getMessage() != null) {
        message = message == null ? t.getMessage() : message;
      }
      t = t.getCause();
    }
    if (message == null) {
      return error.getClass().getSimpleName();
    }
    return error instanceof IOException && !(error instanceof javax.net.ssl.SSLException)
        ? message
        : error.getClass().getSimpleName() + ": " + message;
  }
}
