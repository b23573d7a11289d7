package dev.weft.policy.rego.internal.builtins;

import static dev.weft.policy.rego.internal.builtins.GoX509Json.bytes;
import static dev.weft.policy.rego.internal.builtins.GoX509Json.oid;
import static dev.weft.policy.rego.internal.builtins.GoX509Json.strings;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NullValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.CertificationRequestInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/** {@code crypto.x509.parse_certificate_request}: Go's {@code x509.CertificateRequest} as JSON. */
final class X509Requests {

  private X509Requests() {}

  static Value parse(Value a) throws BuiltinException {
    String input = Operands.string(a, 1);
    byte[] der = input.getBytes(StandardCharsets.ISO_8859_1);
    if (!input.startsWith("-----BEGIN CERTIFICATE REQUEST-----")) {
      der = GoBase64.decodeStd(input);
    }
    Pem.Decoded d = Pem.decode(new String(der, StandardCharsets.ISO_8859_1));
    if (d.block() != null && !d.block().type().equals("CERTIFICATE REQUEST")) {
      throw BuiltinException.failure("invalid PEM-encoded certificate signing request");
    }
    if (d.block() != null) {
      der = d.block().bytes();
    }
    CertificationRequest csr;
    PublicKey key;
    try {
      csr = CertificationRequest.getInstance(der);
      CertificationRequestInfo info = csr.getCertificationRequestInfo();
      byte[] spki = info.getSubjectPublicKeyInfo().getEncoded(ASN1Encoding.DER);
      key =
          publicKey(
              spki, GoX509Json.publicKeyAlgorithm(info.getSubjectPublicKeyInfo().getAlgorithm()));
      return json(csr, info, key);
    } catch (java.io.IOException | RuntimeException e) {
      throw BuiltinException.failure("x509: malformed certificate request");
    }
  }

  private static PublicKey publicKey(byte[] spki, int algorithm) {
    String name =
        switch (algorithm) {
          case 1 -> "RSA";
          case 2 -> "DSA";
          case 3 -> "EC";
          case 4 -> "Ed25519";
          default -> null;
        };
    try {
      return name == null
          ? null
          : KeyFactory.getInstance(name).generatePublic(new X509EncodedKeySpec(spki));
    } catch (java.security.GeneralSecurityException e) {
      return null;
    }
  }

  private static Value json(CertificationRequest csr, CertificationRequestInfo info, PublicKey key)
      throws java.io.IOException, BuiltinException {
    ObjectValue.Builder o =
        ObjectValue.builder()
            .put("Raw", bytes(csr.getEncoded(ASN1Encoding.DER)))
            .put("RawTBSCertificateRequest", bytes(info.getEncoded(ASN1Encoding.DER)))
            .put(
                "RawSubjectPublicKeyInfo",
                bytes(info.getSubjectPublicKeyInfo().getEncoded(ASN1Encoding.DER)))
            .put("RawSubject", bytes(info.getSubject().getEncoded(ASN1Encoding.DER)))
            .put("Version", NumberValue.of(info.getVersion().getValue()))
            .put("Signature", bytes(csr.getSignature().getOctets()))
            .put(
                "SignatureAlgorithm",
                NumberValue.of(GoX509Json.signatureAlgorithm(csr.getSignatureAlgorithm())))
            .put(
                "PublicKeyAlgorithm",
                NumberValue.of(
                    GoX509Json.publicKeyAlgorithm(info.getSubjectPublicKeyInfo().getAlgorithm())))
            .put("PublicKey", GoX509Json.publicKey(key))
            .put("Subject", GoX509Json.name(info.getSubject()));
    List<Value> attributes = new ArrayList<>();
    Extensions exts = null;
    if (info.getAttributes() != null) {
      for (ASN1Encodable e : info.getAttributes()) {
        Attribute attr = Attribute.getInstance(e);
        Value parsed = attribute(attr);
        if (parsed != null) {
          attributes.add(parsed);
        }
        if (attr.getAttrType().equals(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)
            && attr.getAttrValues().size() > 0) {
          exts = Extensions.getInstance(attr.getAttrValues().getObjectAt(0));
        }
      }
    }
    o.put("Attributes", attributes.isEmpty() ? NullValue.NULL : ArrayValue.of(attributes));
    List<Value> extensions = new ArrayList<>();
    List<String> dns = new ArrayList<>();
    List<String> emails = new ArrayList<>();
    List<String> ips = new ArrayList<>();
    List<Value> uris = new ArrayList<>();
    if (exts != null) {
      for (ASN1ObjectIdentifier id : exts.getExtensionOIDs()) {
        Extension ext = exts.getExtension(id);
        extensions.add(
            ObjectValue.builder()
                .put("Id", oid(id))
                .put("Critical", BooleanValue.of(ext.isCritical()))
                .put("Value", bytes(ext.getExtnValue().getOctets()))
                .build());
      }
      GeneralNames san = GeneralNames.fromExtensions(exts, Extension.subjectAlternativeName);
      if (san != null) {
        for (GeneralName n : san.getNames()) {
          switch (n.getTagNo()) {
            case GeneralName.dNSName -> dns.add(((ASN1String) n.getName()).getString());
            case GeneralName.rfc822Name -> emails.add(((ASN1String) n.getName()).getString());
            case GeneralName.iPAddress ->
                ips.add(GoIp.format(ASN1OctetString.getInstance(n.getName()).getOctets()));
            case GeneralName.uniformResourceIdentifier ->
                uris.add(GoX509Json.url(GoUrl.parse(((ASN1String) n.getName()).getString())));
            default -> {}
          }
        }
      }
    }
    return o.put("Extensions", extensions.isEmpty() ? NullValue.NULL : ArrayValue.of(extensions))
        .put("ExtraExtensions", NullValue.NULL)
        .put("DNSNames", strings(dns))
        .put("EmailAddresses", strings(emails))
        .put("IPAddresses", strings(ips))
        .put("URIs", uris.isEmpty() ? NullValue.NULL : ArrayValue.of(uris))
        .build();
  }

  /**
   * Go's {@code pkix.AttributeTypeAndValueSET}: values read as sets of sequences of (type, value)
   * pairs; an attribute of another shape is left out, as Go leaves it out.
   */
  private static Value attribute(Attribute attr) {
    List<Value> sets = new ArrayList<>();
    for (ASN1Encodable set : attr.getAttrValues()) {
      if (!(set.toASN1Primitive() instanceof ASN1Sequence seq)) {
        return null;
      }
      List<Value> pairs = new ArrayList<>();
      for (ASN1Encodable item : seq) {
        if (!(item.toASN1Primitive() instanceof ASN1Sequence pair)
            || pair.size() != 2
            || !(pair.getObjectAt(0) instanceof ASN1ObjectIdentifier type)) {
          return null;
        }
        Value v =
            switch (pair.getObjectAt(1).toASN1Primitive()) {
              case ASN1String s -> StringValue.of(s.getString());
              case ASN1OctetString s -> bytes(s.getOctets());
              case ASN1Integer i -> NumberValue.of(i.getValue());
              case ASN1Boolean b -> BooleanValue.of(b.isTrue());
              default -> null;
            };
        if (v == null) {
          return null;
        }
        pairs.add(ObjectValue.builder().put("Type", oid(type)).put("Value", v).build());
      }
      sets.add(ArrayValue.of(pairs));
    }
    return ObjectValue.builder()
        .put("Type", oid(attr.getAttrType()))
        .put("Value", ArrayValue.of(sets))
        .build();
  }
}
