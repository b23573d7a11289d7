package dev.weft.cli.trust;

import dev.weft.proto.trust.v1.FederationRelationship;
import dev.weft.proto.trust.v1.FederationStatus;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints federation relationships as SPIRE does (aligned fields) or as JSON. */
final class FederationPrinter {
  private FederationPrinter() {}

  /** Relationships found by a query, under a "Found N federation relationships" header. */
  static void print(
      PrintWriter out, OutputOptions output, List<FederationRelationship> relationships) {
    print(out, output, relationships, true);
  }

  /**
   * As {@link #print(PrintWriter, OutputOptions, List)}; no header for one just created or changed.
   */
  static void print(
      PrintWriter out,
      OutputOptions output,
      List<FederationRelationship> relationships,
      boolean header) {
    if (output.json()) {
      OutputOptions.printJson(
          out,
          Map.of("relationships", relationships.stream().map(FederationPrinter::toMap).toList()));
      return;
    }
    if (header) {
      out.println(
          "Found "
              + relationships.size()
              + " federation relationship"
              + (relationships.size() == 1 ? "" : "s"));
    }
    boolean first = true;
    for (FederationRelationship r : relationships) {
      FederationStatus s = r.getStatus();
      if (header || !first) {
        out.println();
      }
      first = false;
      line(out, "Trust domain", r.getTrustDomain());
      line(out, "Bundle endpoint URL", r.getBundleEndpointUrl());
      line(out, "Bundle endpoint profile", r.getBundleEndpointProfile());
      if (!r.getEndpointSpiffeId().isEmpty()) {
        line(out, "Endpoint SPIFFE ID", r.getEndpointSpiffeId());
      }
      line(out, "Source", s.getSource());
      line(
          out,
          "Bundle sequence",
          s.getHasBundle() ? Long.toString(s.getSequence()) : "no bundle yet");
      line(out, "State", state(s));
      line(out, "Last success", time(s.getLastSuccessUnix()));
      if (!s.getLastError().isEmpty()) {
        line(out, "Last error", s.getLastError());
        line(out, "Last error at", time(s.getLastErrorUnix()));
      }
      line(out, "Rollbacks refused", Long.toString(s.getRollbacksRefused()));
      line(out, "Next refresh", time(s.getNextRefreshUnix()));
    }
    out.flush();
  }

  private static Map<String, Object> toMap(FederationRelationship r) {
    FederationStatus s = r.getStatus();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("trust_domain", r.getTrustDomain());
    m.put("bundle_endpoint_url", r.getBundleEndpointUrl());
    m.put("bundle_endpoint_profile", r.getBundleEndpointProfile());
    m.put("endpoint_spiffe_id", r.getEndpointSpiffeId());
    m.put("has_bootstrap_bundle", !r.getBootstrapBundle().isEmpty());
    m.put("source", s.getSource());
    m.put("has_bundle", s.getHasBundle());
    m.put("failing", s.getFailing());
    m.put("state", state(s));
    m.put("rollbacks_refused", s.getRollbacksRefused());
    m.put("bundle_sequence", s.getSequence());
    m.put(
        "last_success",
        s.getLastSuccessUnix() == 0
            ? null
            : Instant.ofEpochSecond(s.getLastSuccessUnix()).toString());
    m.put("last_error", s.getLastError().isEmpty() ? null : s.getLastError());
    m.put(
        "last_error_at",
        s.getLastErrorUnix() == 0 ? null : Instant.ofEpochSecond(s.getLastErrorUnix()).toString());
    m.put(
        "next_refresh",
        s.getNextRefreshUnix() == 0
            ? null
            : Instant.ofEpochSecond(s.getNextRefreshUnix()).toString());
    return m;
  }

  /** failing, ok, or pending (not fetched since the server started). */
  private static String state(FederationStatus s) {
    if (s.getFailing()) {
      return "failing";
    }
    return s.getLastSuccessUnix() == 0 && s.getLastErrorUnix() == 0 ? "pending" : "ok";
  }

  private static String time(long unix) {
    return unix == 0 ? "never" : Instant.ofEpochSecond(unix).toString();
  }

  private static void line(PrintWriter out, String label, String value) {
    out.printf("%-24s : %s%n", label, value);
  }
}
