package dev.weft.cli.policy;

import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.RegoError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Policy errors in OPA's two forms: text for people, JSON for tools. */
final class OpaErrors {

  private OpaErrors() {}

  /**
   * {@code 1 error occurred: file:line:col: code: message}, or {@code N errors occurred:} and one
   * error a line; each followed by its hint, if any, on an indented line.
   */
  static String describe(PolicyException e) {
    List<RegoError> errors = e.errors();
    if (errors.isEmpty()) {
      return "1 error occurred: " + e.getMessage();
    }
    String all = RegoError.describe(errors);
    return errors.size() == 1 ? "1 error occurred: " + all : all;
  }

  /** {@code {"errors": [{"location": ..., "message": ..., "code": ...}]}}, as OPA writes it. */
  static Map<String, Object> json(PolicyException e) {
    List<Object> list = new ArrayList<>();
    if (e.errors().isEmpty()) {
      list.add(Map.of("message", e.getMessage()));
    }
    for (RegoError error : e.errors()) {
      Map<String, Object> m = new LinkedHashMap<>();
      if (error.hint() != null) {
        m.put("details", Map.of("hint", error.hint()));
      }
      if (error.location() != null && error.location().line() > 0) {
        Map<String, Object> at = new LinkedHashMap<>();
        at.put("file", error.location().file());
        at.put("row", error.location().line());
        at.put("col", error.location().col());
        m.put("location", at);
      }
      m.put("message", error.message());
      m.put("code", error.code());
      list.add(m);
    }
    return Map.of("errors", list);
  }
}
