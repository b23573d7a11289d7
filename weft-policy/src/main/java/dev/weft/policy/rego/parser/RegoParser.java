package dev.weft.policy.rego.parser;

import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.ast.Body;
import dev.weft.policy.rego.ast.Module;
import dev.weft.policy.rego.ast.RegoVersion;
import dev.weft.policy.rego.ast.Term;
import java.util.List;

/** Parses Rego source into the syntax tree of {@link dev.weft.policy.rego.ast}. */
public final class RegoParser {

  private RegoParser() {}

  /**
   * A parsed query with the source text of each expression (for OPA's result {@code text}).
   *
   * @param body the query
   * @param texts the source text of each expression, in order
   */
  public record ParsedQuery(Body body, List<String> texts) {}

  /**
   * Parses a module.
   *
   * @throws PolicyException with {@code rego_parse_error}s, each located as {@code file:line:col}
   */
  public static Module parseModule(String file, String source, RegoVersion version)
      throws PolicyException {
    throw new UnsupportedOperationException("parser under construction");
  }

  /** Parses a query in v1 syntax. */
  public static ParsedQuery parseQueryWithText(String source) throws PolicyException {
    throw new UnsupportedOperationException("parser under construction");
  }

  /** Parses a single term, e.g. {@code {"a": {1, 2}}} (used for {@code input_term}). */
  public static Term parseTerm(String source) throws PolicyException {
    throw new UnsupportedOperationException("parser under construction");
  }
}
