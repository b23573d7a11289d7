package dev.weft.bench.policy;

/**
 * Generates a policy of many rules in the style of real authorization policies: per-service allow
 * rules with SPIFFE ID checks, action sets, helper functions and partial sets.
 */
final class LargePolicy {

  private LargePolicy() {}

  static String source(int rules) {
    StringBuilder out = new StringBuilder("package bench.large\n\nimport rego.v1\n\n");
    out.append("default allow := false\n\n");
    out.append("trust_domain(id) := split(id, \"/\")[2]\n\n");
    for (int i = 1; i < rules; i++) {
      switch (i % 4) {
        case 0 ->
            out.append("allow if {\n")
                .append("  input.caller_spiffe_id == \"spiffe://td")
                .append(i)
                .append(".example/agent/a")
                .append(i)
                .append("\"\n")
                .append("  input.action in {\"read\", \"write\", \"op")
                .append(i)
                .append("\"}\n")
                .append("}\n\n");
        case 1 ->
            out.append("deny contains msg if {\n")
                .append("  trust_domain(input.caller_spiffe_id) == \"blocked")
                .append(i)
                .append(".example\"\n")
                .append(
                    "  msg := sprintf(\"domain %s is blocked\", [trust_domain(input.caller_spiffe_id)])\n")
                .append("}\n\n");
        case 2 ->
            out.append("role_")
                .append(i)
                .append(" := {\"name\": \"r")
                .append(i)
                .append("\", \"actions\": [\"a\", \"b\"], \"level\": ")
                .append(i)
                .append("}\n\n");
        default ->
            out.append("check_")
                .append(i)
                .append("(x) if {\n")
                .append("  some a in x.actions\n  startswith(a, \"p")
                .append(i)
                .append("\")\n}\n\n");
      }
    }
    return out.toString();
  }
}
