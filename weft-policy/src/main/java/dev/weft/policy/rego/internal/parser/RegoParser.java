package dev.weft.policy.rego.internal.parser;

import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.RegoVersion;
import dev.weft.policy.rego.internal.ast.Body;
import dev.weft.policy.rego.internal.ast.Module;
import dev.weft.policy.rego.internal.ast.Term;
import java.util.List;
import java.util.Objects;

/**
 * Parses Rego source into the syntax tree of {@link dev.weft.policy.rego.internal.ast}.
 *
 * <p>The grammar, operator precedence and error messages follow OPA 1.x's parser: errors are {@code
 * rego_parse_error}s located as {@code file:line:col} (1-based; columns count code points) with
 * OPA's wording, e.g. <code>unexpected &#125; token</code>, {@code unexpected eof token}, {@code
 * `if` keyword is required before rule body}. Parsing takes time linear in the input (tokens are
 * scanned once; backtracking reuses terms already parsed), nesting deeper than 1000 levels is
 * reported as {@code max parsing recursion depth exceeded}, and no input makes these methods throw
 * anything but {@link PolicyException}.
 *
 * <p>Thread-safe: each call parses with its own state.
 */
public final class RegoParser {

  private RegoParser() {}

  /**
   * A parsed query with the source text of each expression (for OPA's result {@code text}).
   *
   * @param body the query
   * @param texts the source text of each expression, in order
   */
  public record ParsedQuery(Body body, List<String> texts) {

    /** Copies the texts. */
    public ParsedQuery {
      texts = List.copyOf(texts);
    }
  }

  /**
   * Parses a module.
   *
   * <p>In {@link RegoVersion#V1}, rule bodies need {@code if}, multi-value rules need {@code
   * contains}, and {@code in every contains if} are keywords. In {@link RegoVersion#V0}, those four
   * are keywords only after {@code import future.keywords[.kw]} or {@code import rego.v1}; the
   * latter also makes the v1 requirements apply.
   *
   * @param file the file name used in locations (may be empty)
   * @param source the module's text
   * @param version the syntax to accept
   * @throws PolicyException with {@code rego_parse_error}s, each located as {@code file:line:col},
   *     sorted by location
   */
  public static Module parseModule(String file, String source, RegoVersion version)
      throws PolicyException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(version, "version");
    Tokens tokens = Lexer.lex(source, file);
    Module module = LargeStack.run(tokens, () -> new SourceParser(tokens, version).module());
    return MetadataParser.annotate(module, source);
  }

  /**
   * Parses a query in v1 syntax: expressions separated by {@code ;} or newlines.
   *
   * @throws PolicyException with {@code rego_parse_error}s (located as {@code line:col}), also for
   *     an empty query
   */
  public static ParsedQuery parseQueryWithText(String source) throws PolicyException {
    Objects.requireNonNull(source, "source");
    Tokens tokens = Lexer.lex(source, "");
    return LargeStack.run(tokens, () -> new SourceParser(tokens, RegoVersion.V1).query());
  }

  /**
   * Parses a single term, e.g. {@code {"a": {1, 2}}} (used for {@code input_term}).
   *
   * @throws PolicyException with {@code rego_parse_error}s, also when the source is not exactly one
   *     term (a call such as {@code 1 + 2}, several expressions, {@code not x}, ...)
   */
  public static Term parseTerm(String source) throws PolicyException {
    Objects.requireNonNull(source, "source");
    Tokens tokens = Lexer.lex(source, "");
    return LargeStack.run(tokens, () -> new SourceParser(tokens, RegoVersion.V1).term());
  }
}
