package dev.weft.bench.policy;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Seed 000's federation rule written by hand in Java: the baseline the Rego engine is compared
 * with. Same inputs, same decision: same trust domain, or a federated domain and an action listed
 * for the caller.
 */
final class FederationRule {

  private final Set<String> allowedDomains;
  private final Map<String, List<String>> allowedActions;

  FederationRule(Set<String> allowedDomains, Map<String, List<String>> allowedActions) {
    this.allowedDomains = allowedDomains;
    this.allowedActions = allowedActions;
  }

  boolean allow(Map<String, Object> input) {
    if (!(input.get("caller_spiffe_id") instanceof String caller)
        || !(input.get("callee_spiffe_id") instanceof String callee)) {
      return false;
    }
    String callerDomain = segment(caller, 2);
    String calleeDomain = segment(callee, 2);
    if (callerDomain != null && callerDomain.equals(calleeDomain)) {
      return true;
    }
    if (callerDomain == null || !allowedDomains.contains(callerDomain)) {
      return false;
    }
    List<String> actions = allowedActions.get(caller);
    return actions != null && input.get("action") instanceof String a && actions.contains(a);
  }

  /** {@code split(s, "/")[index]}, or null when there are not that many segments. */
  private static String segment(String s, int index) {
    int start = 0;
    for (int i = 0; i < index; i++) {
      start = s.indexOf('/', start);
      if (start < 0) {
        return null;
      }
      start++;
    }
    int end = s.indexOf('/', start);
    return end < 0 ? s.substring(start) : s.substring(start, end);
  }
}
