package dev.weft.trust.ca;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.identity.pem.Pem;
import dev.weft.identity.spiffeid.TrustDomain;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * The certificate authority's journal: a JSON file (mode 0600, replaced atomically) recording every
 * slot with its public half. Private keys are only named, by key ID.
 *
 * <pre>{@code
 * {"version": 1, "trustDomain": "example.org", "slots": [
 *   {"kind": "x509-ca", "keyId": "...", "state": "active", "notBefore": "...", "notAfter": "...",
 *    "certificate": "-----BEGIN CERTIFICATE-----..."},
 *   {"kind": "jwt-key", "keyId": "...", "state": "prepared", "notBefore": "...", "notAfter": "...",
 *    "kid": "...", "publicKey": "-----BEGIN PUBLIC KEY-----..."}]}
 * }</pre>
 */
final class Journal {
  static final int VERSION = 1;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final Path file;

  Journal(Path file) {
    this.file = file;
  }

  Path file() {
    return file;
  }

  /**
   * The slots recorded for {@code trustDomain}; empty if the file does not exist.
   *
   * @throws CaException naming the file and the bad field if the journal cannot be read or is
   *     corrupt, or belongs to another trust domain
   */
  Optional<List<Slot>> read(TrustDomain trustDomain) throws CaException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new CaException("CA journal " + file + ": cannot be read: " + e.getMessage(), e);
    }
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw corrupt(
          "not valid JSON ("
              + e.getOriginalMessage()
              + " at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ")",
          e);
    }
    if (root == null || !root.isObject()) {
      throw corrupt("not a JSON object", null);
    }
    int version = root.path("version").asInt(-1);
    if (version != VERSION) {
      throw corrupt("version: " + root.path("version") + " (expected: " + VERSION + ")", null);
    }
    String td = text(root, "trustDomain", "trustDomain");
    if (!td.equals(trustDomain.name())) {
      throw new CaException(
          "CA journal "
              + file
              + ": trustDomain: "
              + td
              + " (expected: "
              + trustDomain.name()
              + "; each trust domain needs its own journal)");
    }
    JsonNode slots = root.path("slots");
    if (!slots.isArray()) {
      throw corrupt("slots: missing (expected: an array)", null);
    }
    List<Slot> result = new ArrayList<>();
    for (int i = 0; i < slots.size(); i++) {
      result.add(slot(slots.get(i), "slots[" + i + "]"));
    }
    checkConsistent(result);
    return Optional.of(List.copyOf(result));
  }

  /** Records {@code slots}, replacing the file atomically. */
  void write(TrustDomain trustDomain, List<Slot> slots) throws CaException {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", VERSION);
    root.put("trustDomain", trustDomain.name());
    ArrayNode array = root.putArray("slots");
    for (Slot slot : slots) {
      ObjectNode node = array.addObject();
      node.put("kind", slot.kind() == Slot.Kind.X509_CA ? "x509-ca" : "jwt-key");
      node.put("keyId", slot.keyId());
      node.put("state", slot.state().name().toLowerCase(Locale.ROOT));
      node.put("notBefore", slot.notBefore().toString());
      node.put("notAfter", slot.notAfter().toString());
      if (slot.kind() == Slot.Kind.X509_CA) {
        node.put("certificate", Pem.writeCertificates(List.of(slot.certificate())));
      } else {
        node.put("kid", slot.kid());
        node.put("publicKey", publicKeyPem(slot.publicKey()));
      }
    }
    byte[] bytes;
    try {
      bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new CaException("CA journal " + file + ": cannot be encoded: " + e.getMessage(), e);
    }
    Path parent = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new CaException(
          "CA journal " + file + ": directory cannot be created: " + e.getMessage(), e);
    }
    SecureFiles.writeAtomically(file, bytes, "CA journal");
  }

  private Slot slot(JsonNode node, String where) throws CaException {
    if (!node.isObject()) {
      throw corrupt(where + ": not an object", null);
    }
    String kind = text(node, "kind", where + ".kind");
    String keyId = text(node, "keyId", where + ".keyId");
    try {
      KeyIds.check(keyId);
    } catch (CaException e) {
      throw corrupt(where + "." + e.getMessage(), null);
    }
    Slot.State state = state(text(node, "state", where + ".state"), where + ".state");
    Instant notBefore = instant(node, "notBefore", where);
    Instant notAfter = instant(node, "notAfter", where);
    if (!notAfter.isAfter(notBefore)) {
      throw corrupt(
          where + ".notAfter: " + notAfter + " (expected: after notBefore " + notBefore + ")",
          null);
    }
    switch (kind) {
      case "x509-ca" -> {
        X509Certificate cert;
        try {
          List<X509Certificate> certs =
              Pem.parseCertificates(text(node, "certificate", where + ".certificate"));
          if (certs.size() != 1) {
            throw corrupt(
                where + ".certificate: " + certs.size() + " certificates (expected: 1)", null);
          }
          cert = certs.getFirst();
        } catch (CertificateException e) {
          throw corrupt(where + ".certificate: " + e.getMessage(), e);
        }
        Slot slot = Slot.x509(keyId, state, cert);
        if (!slot.notBefore().equals(notBefore) || !slot.notAfter().equals(notAfter)) {
          throw corrupt(where + ": notBefore/notAfter differ from the certificate's", null);
        }
        return slot;
      }
      case "jwt-key" -> {
        String kid = text(node, "kid", where + ".kid");
        PublicKey key =
            publicKey(text(node, "publicKey", where + ".publicKey"), where + ".publicKey");
        return Slot.jwt(keyId, state, kid, key, notBefore, notAfter);
      }
      default ->
          throw corrupt(where + ".kind: \"" + kind + "\" (expected: x509-ca or jwt-key)", null);
    }
  }

  private void checkConsistent(List<Slot> slots) throws CaException {
    Set<String> keyIds = new HashSet<>();
    Map<Slot.Kind, Integer> active = new EnumMap<>(Slot.Kind.class);
    Map<Slot.Kind, Integer> prepared = new EnumMap<>(Slot.Kind.class);
    for (Slot slot : slots) {
      if (!keyIds.add(slot.keyId())) {
        throw corrupt(
            "keyId " + slot.keyId() + " appears in two slots (expected: one key per slot)", null);
      }
      if (slot.state() == Slot.State.ACTIVE) {
        active.merge(slot.kind(), 1, Integer::sum);
      } else if (slot.state() == Slot.State.PREPARED) {
        prepared.merge(slot.kind(), 1, Integer::sum);
      }
    }
    for (Slot.Kind kind : Slot.Kind.values()) {
      if (active.getOrDefault(kind, 0) > 1 || prepared.getOrDefault(kind, 0) > 1) {
        throw corrupt(
            "more than one active or prepared " + kind + " (expected: at most one of each)", null);
      }
    }
  }

  private String text(JsonNode node, String field, String where) throws CaException {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw corrupt(where + ": missing (expected: a non-empty string)", null);
    }
    return value.asText();
  }

  private Instant instant(JsonNode node, String field, String where) throws CaException {
    String value = text(node, field, where + "." + field);
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw corrupt(where + "." + field + ": \"" + value + "\" (expected: an ISO-8601 instant)", e);
    }
  }

  private Slot.State state(String value, String where) throws CaException {
    for (Slot.State state : Slot.State.values()) {
      if (state.name().toLowerCase(Locale.ROOT).equals(value)) {
        return state;
      }
    }
    throw corrupt(where + ": \"" + value + "\" (expected: prepared, active or retired)", null);
  }

  private PublicKey publicKey(String pem, String where) throws CaException {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object object = parser.readObject();
      if (object instanceof SubjectPublicKeyInfo info) {
        return new JcaPEMKeyConverter().getPublicKey(info);
      }
    } catch (IOException | RuntimeException e) {
      throw corrupt(where + ": not a PEM public key (" + e.getMessage() + ")", e);
    }
    throw corrupt(where + ": no PUBLIC KEY block found", null);
  }

  static String publicKeyPem(PublicKey key) {
    StringWriter out = new StringWriter();
    try (PemWriter writer = new PemWriter(out)) {
      writer.writeObject(new PemObject("PUBLIC KEY", key.getEncoded()));
    } catch (IOException e) {
      throw new IllegalStateException("a StringWriter does not fail", e);
    }
    return out.toString();
  }

  private CaException corrupt(String detail, Throwable cause) {
    return new CaException(
        "CA journal "
            + file
            + ": "
            + detail
            + " (the journal is corrupt: restore it from a backup, or move it away to start a new CA)",
        cause);
  }
}
