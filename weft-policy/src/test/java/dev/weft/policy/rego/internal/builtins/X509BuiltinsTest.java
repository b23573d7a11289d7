package dev.weft.policy.rego.internal.builtins;

import static dev.weft.policy.rego.internal.builtins.B.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import dev.weft.testing.CertBuilder;
import dev.weft.testing.Keys;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;

/** The X.509 and key built-ins on certificates and keys generated here. */
class X509BuiltinsTest {

  private static final Instant NOW = Instant.ofEpochSecond(B.NOW / 1_000_000_000L);

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static String pem(X509Certificate... certs) throws Exception {
    StringBuilder b = new StringBuilder();
    for (X509Certificate c : certs) {
      b.append(pem("CERTIFICATE", c.getEncoded()));
    }
    return b.toString();
  }

  private static CertBuilder.Issued root() {
    return CertBuilder.selfSignedCa("example.org")
        .validity(NOW.minus(1, ChronoUnit.DAYS), NOW.plus(30, ChronoUnit.DAYS))
        .build();
  }

  private static CertBuilder.Issued leaf(CertBuilder.Issued issuer) {
    return CertBuilder.svid("spiffe://example.org/web")
        .dnsNames("web.example.org")
        .subject("O=Weft Test,CN=web")
        .issuer(issuer)
        .validity(NOW.minus(1, ChronoUnit.HOURS), NOW.plus(1, ChronoUnit.DAYS))
        .build();
  }

  private static Value get(Value v, String... path) {
    for (String p : path) {
      v = v instanceof ArrayValue a ? a.get(Integer.parseInt(p)) : ((ObjectValue) v).get(p);
    }
    return v;
  }

  @Test
  void certificatesParseIntoGoFieldNames() throws Exception {
    CertBuilder.Issued root = root();
    CertBuilder.Issued leaf = leaf(root);
    Value certs = B.call("crypto.x509.parse_certificates", s(pem(leaf.cert(), root.cert())));
    assertThat(get(certs, "0", "Subject", "CommonName")).isEqualTo(s("web"));
    assertThat(get(certs, "0", "Subject", "Organization")).hasToString("[\"Weft Test\"]");
    assertThat(get(certs, "0", "Issuer", "CommonName")).isEqualTo(s("example.org root"));
    assertThat(get(certs, "0", "DNSNames")).hasToString("[\"web.example.org\"]");
    assertThat(get(certs, "0", "URIStrings")).hasToString("[\"spiffe://example.org/web\"]");
    assertThat(get(certs, "0", "URIs", "0", "Host")).isEqualTo(s("example.org"));
    assertThat(get(certs, "0", "ExtKeyUsage")).hasToString("[1, 2]");
    assertThat(get(certs, "0", "IsCA")).isEqualTo(BooleanValue.FALSE);
    assertThat(get(certs, "1", "IsCA")).isEqualTo(BooleanValue.TRUE);
    assertThat(get(certs, "0", "PublicKeyAlgorithm")).hasToString("3");
    assertThat(get(certs, "0", "SignatureAlgorithm")).hasToString("10");
    assertThat(get(certs, "0", "SerialNumber"))
        .hasToString(leaf.cert().getSerialNumber().toString());
    assertThat(get(certs, "0", "NotAfter")).isInstanceOf(StringValue.class);
    String b64der = Base64.getEncoder().encodeToString(leaf.cert().getEncoded());
    assertThat(get(B.call("crypto.x509.parse_certificates", s(b64der)), "0", "Raw"))
        .isEqualTo(s(b64der));
    assertThat(
            B.error(false, "crypto.x509.parse_certificates", s(pem("PRIVATE KEY", new byte[] {1}))))
        .isEqualTo("PEM block type is 'PRIVATE KEY', expected CERTIFICATE");
  }

  @Test
  void chainsVerifyRootFirstAndComeBackLeafFirst() throws Exception {
    CertBuilder.Issued root = root();
    CertBuilder.Issued ca =
        CertBuilder.ca("example.org")
            .issuer(root)
            .validity(NOW.minus(1, ChronoUnit.DAYS), NOW.plus(10, ChronoUnit.DAYS))
            .build();
    CertBuilder.Issued leaf = leaf(ca);
    Value ok =
        B.call(
            "crypto.x509.parse_and_verify_certificates",
            s(pem(root.cert(), ca.cert(), leaf.cert())));
    assertThat(get(ok, "0")).isEqualTo(BooleanValue.TRUE);
    assertThat(get(ok, "1", "0", "Subject", "CommonName")).isEqualTo(s("web"));
    assertThat(get(ok, "1", "2", "Subject", "CommonName")).isEqualTo(s("example.org root"));
    CertBuilder.Issued stranger = root();
    assertThat(
            B.call(
                "crypto.x509.parse_and_verify_certificates",
                s(pem(stranger.cert(), ca.cert(), leaf.cert()))))
        .hasToString("[false, []]");
    assertThat(B.call("crypto.x509.parse_and_verify_certificates", s(pem(leaf.cert()))))
        .hasToString("[false, []]");
  }

  @Test
  void verificationOptionsCheckHostNamesTimesAndKeyUsages() throws Exception {
    CertBuilder.Issued root = root();
    CertBuilder.Issued leaf = leaf(root);
    String chain = pem(root.cert(), leaf.cert());
    assertThat(
            get(
                B.call(
                    "crypto.x509.parse_and_verify_certificates_with_options",
                    s(chain),
                    B.json(
                        "{\"DNSName\": \"web.example.org\", \"KeyUsages\": [\"KeyUsageClientAuth\"]}")),
                "0"))
        .isEqualTo(BooleanValue.TRUE);
    assertThat(
            get(
                B.call(
                    "crypto.x509.parse_and_verify_certificates_with_options",
                    s(chain),
                    B.json("{\"DNSName\": \"other.example.org\"}")),
                "0"))
        .isEqualTo(BooleanValue.FALSE);
    assertThat(
            get(
                B.call(
                    "crypto.x509.parse_and_verify_certificates_with_options",
                    s(chain),
                    B.json("{\"CurrentTime\": 1}")),
                "0"))
        .isEqualTo(BooleanValue.FALSE);
    assertThat(
            get(
                B.call(
                    "crypto.x509.parse_and_verify_certificates_with_options",
                    s(chain),
                    B.json("{\"KeyUsages\": [\"KeyUsageCodeSigning\"]}")),
                "0"))
        .isEqualTo(BooleanValue.FALSE);
    assertThat(
            B.error(
                false,
                "crypto.x509.parse_and_verify_certificates_with_options",
                s(chain),
                B.json("{\"KeyUsages\": [\"Nope\"]}")))
        .isEqualTo("invalid entries for 'KeyUsages' found: [Nope]");
    assertThat(
            B.error(
                false,
                "crypto.x509.parse_and_verify_certificates_with_options",
                s(chain),
                B.json("{\"Other\": 1}")))
        .isEqualTo("invalid key option");
  }

  @Test
  void keyPairsMatchAndPrivateKeysParse() throws Exception {
    KeyPair rsa = Keys.rsa2048();
    CertBuilder.Issued self = CertBuilder.selfSignedCa("example.org").keyPair(rsa).build();
    String key = pem("PRIVATE KEY", rsa.getPrivate().getEncoded());
    Value pair = B.call("crypto.x509.parse_keypair", s(pem(self.cert())), s(key));
    assertThat(get(pair, "Leaf", "Subject", "CommonName")).isEqualTo(s("example.org root"));
    assertThat(get(pair, "PrivateKey", "E")).hasToString("65537");
    CertBuilder.Issued other = root();
    assertThat(B.error(false, "crypto.x509.parse_keypair", s(pem(other.cert())), s(key)))
        .isEqualTo("tls: private key does not match public key");
    Value jwk = B.call("crypto.x509.parse_rsa_private_key", s(key));
    assertThat(get(jwk, "kty")).isEqualTo(s("RSA"));
    assertThat(get(jwk, "e")).isEqualTo(s("AQAB"));
    KeyPair ec = Keys.ec256();
    Value keys =
        B.call(
            "crypto.parse_private_keys", s(key + pem("PRIVATE KEY", ec.getPrivate().getEncoded())));
    assertThat(((ArrayValue) keys).size()).isEqualTo(2);
    assertThat(get(keys, "1", "Curve")).isEqualTo(ObjectValue.EMPTY);
    assertThat(B.call("crypto.parse_private_keys", s(""))).hasToString("null");
  }

  @Test
  void certificateRequestsParse() throws Exception {
    KeyPair kp = Keys.ec256();
    var csr =
        new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=req,O=Weft"), kp.getPublic())
            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
    Value parsed =
        B.call(
            "crypto.x509.parse_certificate_request",
            s(pem("CERTIFICATE REQUEST", csr.getEncoded())));
    assertThat(get(parsed, "Subject", "CommonName")).isEqualTo(s("req"));
    assertThat(get(parsed, "SignatureAlgorithm")).hasToString("10");
    assertThat(
            B.error(
                false,
                "crypto.x509.parse_certificate_request",
                s(
                    Base64.getEncoder()
                        .encodeToString(pem("CERTIFICATE", new byte[] {1}).getBytes()))))
        .isEqualTo("invalid PEM-encoded certificate signing request");
  }
}
