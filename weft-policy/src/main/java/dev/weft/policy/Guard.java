package dev.weft.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Function;

/**
 * A rule checked before the policy, from the request alone: for example "the caller's trust domain
 * is one of a.org, b.org" or "the caller matches spiffe://&#42;/region/&#42;/orchestrator". Only a
 * {@link DecisionPoint} applies a guard ({@link DecisionPoint#check}), so that every guard decision
 * is audited like a policy decision: under {@link #path()}, with the result {@code true} or {@code
 * false}, and as revision {@link #revision()}, which changes when the rule does.
 *
 * <p>Immutable and thread-safe when its check is.
 */
public final class Guard {

  private final DecisionPath path;
  private final String rule;
  private final String revision;
  private final Function<AuthorizationRequest, Verdict> check;

  private Guard(DecisionPath path, String rule, Function<AuthorizationRequest, Verdict> check) {
    this.path = Objects.requireNonNull(path, "path");
    this.rule = Objects.requireNonNull(rule, "rule");
    this.check = Objects.requireNonNull(check, "check");
    this.revision = revision(rule);
  }

  /**
   * A guard.
   *
   * @param path the path its decisions are audited under, e.g. {@code weft/agent/trust_domain}
   * @param rule the rule as text, e.g. {@code [a.org, b.org]}: its hash is the revision
   * @param check decides one request; thread-safe, fast, never blocking; a reason either way
   */
  public static Guard of(
      DecisionPath path, String rule, Function<AuthorizationRequest, Verdict> check) {
    return new Guard(path, rule, check);
  }

  /** The path its decisions are audited under. */
  public DecisionPath path() {
    return path;
  }

  /** The rule as text. */
  public String rule() {
    return rule;
  }

  /** The revision of its decisions: the first 16 hex digits of the SHA-256 of {@link #rule()}. */
  public String revision() {
    return revision;
  }

  /** Applies the check; only {@link DecisionPoint} calls it. */
  Verdict check(AuthorizationRequest request) {
    return Objects.requireNonNull(check.apply(request), "verdict");
  }

  @Override
  public String toString() {
    return path + " " + rule;
  }

  private static String revision(String rule) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(rule.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /**
   * What a guard decided about one request.
   *
   * @param allowed whether the request passes the guard
   * @param reason why, either way, e.g. {@code trust domain b.org is not one of [a.org]}
   */
  public record Verdict(boolean allowed, String reason) {

    /** Validates the verdict. */
    public Verdict {
      Objects.requireNonNull(reason, "reason");
    }

    /** The request passes, because of {@code reason}. */
    public static Verdict allow(String reason) {
      return new Verdict(true, reason);
    }

    /** The request is refused, because of {@code reason}. */
    public static Verdict deny(String reason) {
      return new Verdict(false, reason);
    }
  }
}
