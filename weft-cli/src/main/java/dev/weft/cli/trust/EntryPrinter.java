package dev.weft.cli.trust;

import dev.weft.proto.trust.v1.Entry;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints entries as SPIRE does (aligned fields) or as JSON. */
final class EntryPrinter {
  private EntryPrinter() {}

  /** Entries found by a query, under SPIRE's "Found N entries" header. */
  static void print(PrintWriter out, OutputOptions output, List<Entry> entries) {
    print(out, output, entries, true);
  }

  /**
   * Entries as {@code header} says: with the "Found N entries" header for queries; without it for
   * entries just created or updated (as SPIRE's {@code entry create} and {@code update} print).
   */
  static void print(PrintWriter out, OutputOptions output, List<Entry> entries, boolean header) {
    if (output.json()) {
      OutputOptions.printJson(
          out, Map.of("entries", entries.stream().map(EntryPrinter::toMap).toList()));
      return;
    }
    if (header) {
      out.println("Found " + entries.size() + (entries.size() == 1 ? " entry" : " entries"));
    }
    boolean first = true;
    for (Entry e : entries) {
      if (header || !first) {
        out.println();
      }
      first = false;
      line(out, "Entry ID", e.getId());
      line(out, "SPIFFE ID", e.getSpiffeId());
      line(out, "Parent ID", e.getParentId());
      line(out, "Revision", Long.toString(e.getRevision()));
      line(out, "X509-SVID TTL", ttl(e.getX509SvidTtlSeconds()));
      line(out, "JWT-SVID TTL", ttl(e.getJwtSvidTtlSeconds()));
      for (String s : e.getSelectorsList()) {
        line(out, "Selector", s);
      }
      for (String d : e.getDnsNamesList()) {
        line(out, "DNS name", d);
      }
      for (String f : e.getFederatesWithList()) {
        line(out, "FederatesWith", f);
      }
      if (e.getAdmin()) {
        line(out, "Admin", "true");
      }
      if (!e.getHint().isEmpty()) {
        line(out, "Hint", e.getHint());
      }
      line(out, "Created", Instant.ofEpochSecond(e.getCreatedAtUnix()).toString());
    }
    out.flush();
  }

  static Map<String, Object> toMap(Entry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.getId());
    m.put("spiffe_id", e.getSpiffeId());
    m.put("parent_id", e.getParentId());
    m.put("selectors", e.getSelectorsList());
    m.put("x509_svid_ttl", e.getX509SvidTtlSeconds());
    m.put("jwt_svid_ttl", e.getJwtSvidTtlSeconds());
    m.put("dns_names", e.getDnsNamesList());
    m.put("federates_with", e.getFederatesWithList());
    m.put("admin", e.getAdmin());
    m.put("hint", e.getHint());
    m.put("revision", e.getRevision());
    m.put("created_at", e.getCreatedAtUnix());
    return m;
  }

  private static String ttl(long seconds) {
    return seconds == 0 ? "default" : seconds + "s";
  }

  private static void line(PrintWriter out, String label, String value) {
    out.printf("%-16s : %s%n", label, value);
  }
}
