package dev.weft.trust.ca;

import static dev.weft.trust.ca.CaTesting.TD;
import static dev.weft.trust.ca.CaTesting.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.pem.Pem;
import dev.weft.identity.svid.X509SvidVerifier;
import dev.weft.testing.CertBuilder;
import dev.weft.testing.Keys;
import dev.weft.testing.MutableClock;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpstreamTest {
  @TempDir Path dir;
  MutableClock clock = CaTesting.clock();

  /** A self-signed upstream root valid from an hour before the clock for {@code validity}. */
  static UpstreamAuthority upstreamRoot(MutableClock clock, Duration validity) {
    CertBuilder.Issued root =
        CertBuilder.selfSignedCa("upstream.example")
            .subject("O=Upstream,CN=Upstream Root")
            .validity(clock.instant().minus(Duration.ofHours(1)), clock.instant().plus(validity))
            .build();
    return new UpstreamAuthority(root.cert(), root.privateKey(), List.of(root.cert()));
  }

  @Test
  void caIsAnIntermediateAndTheBundleHoldsTheUpstreamRoots() throws Exception {
    UpstreamAuthority upstream = upstreamRoot(clock, Duration.ofDays(365));
    CertificateAuthority ca = open(upstream);

    assertThat(ca.bundle().x509Authorities()).containsExactly(upstream.certificate());
    assertThat(ca.status().upstream()).isTrue();
    List<X509Certificate> chain =
        ca.signX509Svid(WEB, Keys.ec256().getPublic(), Duration.ZERO, List.of());
    assertThat(chain).hasSize(2);
    X509Certificate intermediate = chain.get(1);
    assertThat(intermediate.getSerialNumber()).isEqualTo(ca.status().activeX509Ca().serial());
    assertThat(intermediate.getIssuerX500Principal())
        .isEqualTo(upstream.certificate().getSubjectX500Principal());
    assertThat(intermediate.getSubjectX500Principal().getName()).isEqualTo("O=Weft");
    assertThat(intermediate.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
    assertThat(intermediate.getSubjectAlternativeNames())
        .containsExactly(List.of(6, "spiffe://example.org"));
    assertThat(CaTesting.authorityKeyId(intermediate))
        .isEqualTo(CaTesting.subjectKeyId(upstream.certificate()));
    intermediate.verify(upstream.certificate().getPublicKey());
    assertThat(intermediate.getNotAfter().toInstant())
        .isEqualTo(clock.instant().plus(Duration.ofHours(24)));
    assertThat(X509SvidVerifier.verify(chain, BundleSet.of(ca.bundle()), clock.instant()))
        .isEqualTo(WEB);
  }

  @Test
  void intermediateNotAfterIsCappedAtTheUpstreamNotAfter() throws Exception {
    UpstreamAuthority upstream = upstreamRoot(clock, Duration.ofHours(10));
    CertificateAuthority ca = open(upstream);
    Instant upstreamNotAfter = upstream.certificate().getNotAfter().toInstant();
    assertThat(ca.status().activeX509Ca().notAfter()).isEqualTo(upstreamNotAfter);
    List<X509Certificate> chain =
        ca.signX509Svid(WEB, Keys.ec256().getPublic(), Duration.ofDays(1), List.of());
    assertThat(chain.getFirst().getNotAfter().toInstant()).isEqualTo(upstreamNotAfter);
    assertThat(X509SvidVerifier.verify(chain, BundleSet.of(ca.bundle()), clock.instant()))
        .isEqualTo(WEB);
  }

  @Test
  void rotationInUpstreamModeKeepsTheBundleX509PartAndSwitchesTheIntermediate() throws Exception {
    UpstreamAuthority upstream = upstreamRoot(clock, Duration.ofDays(365));
    CertificateAuthority ca = open(upstream);
    CaStatus.X509Ca first = ca.status().activeX509Ca();
    clock.set(RotationTest.half(first.notBefore(), first.notAfter()));
    ca.rotate();
    assertThat(ca.status().nextX509Ca()).isPresent();
    assertThat(ca.bundle().x509Authorities()).containsExactly(upstream.certificate());
    clock.set(RotationTest.fiveSixths(first.notBefore(), first.notAfter()));
    ca.rotate();
    List<X509Certificate> chain =
        ca.signX509Svid(WEB, Keys.ec256().getPublic(), Duration.ZERO, List.of());
    assertThat(chain.get(1).getSerialNumber())
        .isEqualTo(ca.status().activeX509Ca().serial())
        .isNotEqualTo(first.serial());
    assertThat(X509SvidVerifier.verify(chain, BundleSet.of(ca.bundle()), clock.instant()))
        .isEqualTo(WEB);
  }

  @Test
  void anUpstreamIntermediateIsCarriedInTheChain() throws Exception {
    CertBuilder.Issued root =
        CertBuilder.selfSignedCa("upstream.example").subject("O=Upstream,CN=Root").build();
    CertBuilder.Issued upstreamCa =
        CertBuilder.ca("upstream.example").subject("O=Upstream,CN=Issuing").issuer(root).build();
    Path cert = write("up.pem", Pem.writeCertificates(List.of(upstreamCa.cert())));
    Path key = write("up.key", Pem.writePrivateKey(upstreamCa.privateKey()));
    Path bundle = write("roots.pem", Pem.writeCertificates(List.of(root.cert())));
    UpstreamAuthority upstream = UpstreamAuthority.load(cert, key, Optional.of(bundle));
    assertThat(upstream.roots()).containsExactly(root.cert());

    MutableClock now = MutableClock.startingNow();
    CertificateAuthority ca =
        CertificateAuthority.open(
            CaConfig.defaults(TD).withUpstream(upstream),
            KeyManager.memory(),
            dir.resolve("j.json"),
            now);
    List<X509Certificate> chain =
        ca.signX509Svid(WEB, Keys.ec256().getPublic(), Duration.ZERO, List.of());
    assertThat(chain).hasSize(3);
    assertThat(chain.get(2)).isEqualTo(upstreamCa.cert());
    assertThat(ca.bundle().x509Authorities()).containsExactly(root.cert());
    assertThat(X509SvidVerifier.verify(chain, BundleSet.of(ca.bundle()), now.instant()))
        .isEqualTo(WEB);
  }

  @Test
  void loadsPkcs8Sec1AndPkcs1Keys() throws Exception {
    for (KeyPair pair : List.of(Keys.ec256(), Keys.ec384(), Keys.rsa2048())) {
      CertBuilder.Issued root = CertBuilder.selfSignedCa("upstream.example").keyPair(pair).build();
      Path cert = write("root.pem", Pem.writeCertificates(List.of(root.cert())));
      for (String keyPem : List.of(Pem.writePrivateKey(pair.getPrivate()), traditionalPem(pair))) {
        Path key = write("root.key", keyPem);
        UpstreamAuthority upstream = UpstreamAuthority.load(cert, key, Optional.empty());
        assertThat(upstream.certificate()).isEqualTo(root.cert());
        assertThat(upstream.roots()).containsExactly(root.cert());
        assertThat(KeyMaterial.matches(upstream.key(), root.cert().getPublicKey())).isTrue();
      }
    }
  }

  @Test
  void loadErrorsNameTheFileAndTheProblem() throws Exception {
    CertBuilder.Issued root = CertBuilder.selfSignedCa("upstream.example").build();
    Path cert = write("root.pem", Pem.writeCertificates(List.of(root.cert())));
    Path key = write("root.key", Pem.writePrivateKey(root.privateKey()));
    Path otherKey = write("other.key", Pem.writePrivateKey(Keys.ec256().getPrivate()));
    assertLoadFails(
        cert,
        otherKey,
        Optional.empty(),
        "upstream key " + otherKey + ": does not match the certificate in " + cert);

    Path missing = dir.resolve("missing.pem");
    assertLoadFails(
        missing, key, Optional.empty(), "upstream certificate " + missing + ": no such file");
    Path empty = write("empty.pem", "nothing here\n");
    assertLoadFails(
        empty,
        key,
        Optional.empty(),
        "upstream certificate " + empty + ": no CERTIFICATE block found");
    assertLoadFails(
        cert,
        empty,
        Optional.empty(),
        "upstream key "
            + empty
            + ": no private key found (expected: PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY)");
    Path two = write("two.pem", Pem.writeCertificates(List.of(root.cert(), root.cert())));
    assertLoadFails(
        two,
        key,
        Optional.empty(),
        "upstream certificate "
            + two
            + ": 2 certificates (expected: exactly one, the upstream CA's;"
            + " roots go in the bundle file)");

    CertBuilder.Issued leaf = CertBuilder.svid("spiffe://upstream.example/x").build();
    Path leafCert = write("leaf.pem", Pem.writeCertificates(List.of(leaf.cert())));
    Path leafKey = write("leaf.key", Pem.writePrivateKey(leaf.privateKey()));
    assertLoadFails(
        leafCert,
        leafKey,
        Optional.empty(),
        "upstream certificate "
            + leafCert
            + ": not a CA certificate (expected: basicConstraints cA=true)");

    CertBuilder.Issued noSign =
        CertBuilder.selfSignedCa("upstream.example")
            .keyUsage(KeyUsage.digitalSignature, true)
            .build();
    Path noSignCert = write("nosign.pem", Pem.writeCertificates(List.of(noSign.cert())));
    Path noSignKey = write("nosign.key", Pem.writePrivateKey(noSign.privateKey()));
    assertLoadFails(
        noSignCert,
        noSignKey,
        Optional.empty(),
        "upstream certificate " + noSignCert + ": key usage lacks keyCertSign");

    CertBuilder.Issued pathLen0 = CertBuilder.selfSignedCa("upstream.example").pathLen(0).build();
    Path pathLen0Cert = write("pl0.pem", Pem.writeCertificates(List.of(pathLen0.cert())));
    Path pathLen0Key = write("pl0.key", Pem.writePrivateKey(pathLen0.privateKey()));
    assertLoadFails(
        pathLen0Cert,
        pathLen0Key,
        Optional.empty(),
        "upstream certificate "
            + pathLen0Cert
            + ": pathLenConstraint 0 (expected: at least 1, to sign this trust domain's CA)");

    CertBuilder.Issued intermediate = CertBuilder.ca("upstream.example").issuer(root).build();
    Path interCert = write("inter.pem", Pem.writeCertificates(List.of(intermediate.cert())));
    Path interKey = write("inter.key", Pem.writePrivateKey(intermediate.privateKey()));
    assertLoadFails(
        interCert,
        interKey,
        Optional.empty(),
        "upstream certificate "
            + interCert
            + ": not self-signed and no bundle file given"
            + " (expected: a bundle file with the upstream roots)");
    Path unrelated =
        write(
            "unrelated.pem",
            Pem.writeCertificates(
                List.of(CertBuilder.selfSignedCa("x").subject("O=Other").build().cert())));
    assertLoadFails(
        interCert,
        interKey,
        Optional.of(unrelated),
        "upstream certificate "
            + interCert
            + ": not signed by any of the 1 upstream roots (issuer CN=upstream.example root,O=Weft Test)");
  }

  @Test
  void openRefusesAnUpstreamWhoseKeyDoesNotMatch() throws Exception {
    UpstreamAuthority good = upstreamRoot(clock, Duration.ofDays(1));
    UpstreamAuthority mismatched =
        new UpstreamAuthority(good.certificate(), Keys.ec256().getPrivate(), good.roots());
    assertThatThrownBy(() -> open(mismatched))
        .isInstanceOf(CaException.class)
        .hasMessage("upstream authority: the upstream key does not match the certificate");
    assertThat(dir.resolve("ca-journal.json")).doesNotExist();
  }

  @Test
  void openRefusesAnExpiredUpstream() throws Exception {
    UpstreamAuthority upstream = upstreamRoot(clock, Duration.ofHours(1));
    clock.advance(Duration.ofHours(2));
    assertThatThrownBy(() -> open(upstream))
        .isInstanceOf(CaException.class)
        .hasMessage(
            "upstream certificate: expired at "
                + upstream.certificate().getNotAfter().toInstant()
                + " (expected: a valid upstream CA)");
  }

  @Test
  void toStringNeverShowsTheKey() {
    UpstreamAuthority upstream = upstreamRoot(clock, Duration.ofDays(1));
    assertThat(upstream.toString())
        .startsWith("UpstreamAuthority[CN=Upstream Root,O=Upstream, serial ")
        .doesNotContain(upstream.key().toString());
    assertThat(CaConfig.defaults(TD).withUpstream(upstream).toString())
        .doesNotContain(upstream.key().toString());
  }

  private CertificateAuthority open(UpstreamAuthority upstream) throws CaException {
    return CaTesting.open(
        CaConfig.defaults(TD).withUpstream(upstream), KeyManager.memory(), dir, clock);
  }

  private void assertLoadFails(Path cert, Path key, Optional<Path> bundle, String message) {
    assertThatThrownBy(() -> UpstreamAuthority.load(cert, key, bundle))
        .isInstanceOf(CaException.class)
        .hasMessage(message);
  }

  private Path write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content);
  }

  /**
   * The key as OpenSSL's traditional formats write it: SEC1 with curve and public key, or PKCS#1.
   */
  private static String traditionalPem(KeyPair pair) throws Exception {
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded());
    if (pair.getPrivate() instanceof java.security.interfaces.ECPrivateKey ec) {
      var spki =
          org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(
              pair.getPublic().getEncoded());
      var sec1 =
          new org.bouncycastle.asn1.sec.ECPrivateKey(
              ec.getParams().getOrder().bitLength(),
              ec.getS(),
              spki.getPublicKeyData(),
              info.getPrivateKeyAlgorithm().getParameters());
      return pem("EC PRIVATE KEY", sec1.getEncoded());
    }
    return pem("RSA PRIVATE KEY", info.parsePrivateKey().toASN1Primitive().getEncoded());
  }

  private static String pem(String type, byte[] der) throws Exception {
    StringWriter out = new StringWriter();
    try (PemWriter writer = new PemWriter(out)) {
      writer.writeObject(new PemObject(type, der));
    }
    return out.toString();
  }
}
