package dev.weft.policy;

import dev.weft.identity.text.Quotes;
import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.Json;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.util.ArrayList;
import java.util.List;

/** Reads a policy result as a verdict; see {@link Decision}. */
final class Results {

  /** At most this many messages are quoted in a reason. */
  static final int MAX_MESSAGES = 10;

  /** Each message is cut to this many characters. */
  static final int MAX_MESSAGE_CHARS = 200;

  private Results() {}

  /** Whether a result allows, and why. */
  record Verdict(boolean allowed, String reason) {}

  static Verdict interpret(DecisionPath path, Value result) {
    String allowedBy = "allowed by " + path;
    String deniedBy = "denied by " + path + ": ";
    return switch (result) {
      case null ->
          new Verdict(
              false,
              deniedBy + "the result is undefined (no rule matched and there is no default)");
      case BooleanValue b ->
          b.value()
              ? new Verdict(true, allowedBy)
              : new Verdict(false, deniedBy + "the result is false");
      case ObjectValue o -> object(o, allowedBy, deniedBy);
      default ->
          new Verdict(
              false,
              deniedBy
                  + "the result is "
                  + kind(result)
                  + " (expected: a boolean, or an object with a boolean allow)");
    };
  }

  private static Verdict object(ObjectValue o, String allowedBy, String deniedBy) {
    List<String> explained = new ArrayList<>();
    messages(o.get("reason"), explained);
    messages(o.get("reasons"), explained);
    List<String> denies = new ArrayList<>();
    messages(o.get("deny"), denies);
    Value allow = o.get("allow");
    if (allow != null && !(allow instanceof BooleanValue)) {
      return new Verdict(false, deniedBy + "allow is " + kind(allow) + " (expected: a boolean)");
    }
    boolean allowTrue = allow instanceof BooleanValue b && b.value();
    if (allowTrue && denies.isEmpty()) {
      return new Verdict(
          true, explained.isEmpty() ? allowedBy : allowedBy + ": " + join(explained));
    }
    denies.addAll(explained);
    if (!denies.isEmpty()) {
      return new Verdict(false, deniedBy + join(denies));
    }
    return new Verdict(false, deniedBy + (allow == null ? "allow is undefined" : "allow is false"));
  }

  /** {@code null}, {@code a string}, {@code an array}, ... */
  private static String kind(Value v) {
    String type = v.typeName();
    return type.equals("null")
        ? type
        : ("aeiou".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
  }

  private static void messages(Value v, List<String> out) {
    switch (v) {
      case null -> {}
      case StringValue s -> out.add(s.value());
      case ArrayValue a -> a.elements().forEach(e -> out.add(text(e)));
      case SetValue s -> s.sorted().forEach(e -> out.add(text(e)));
      default -> out.add(text(v));
    }
  }

  private static String text(Value v) {
    return v instanceof StringValue s ? s.value() : Json.write(v);
  }

  private static String join(List<String> messages) {
    StringBuilder out = new StringBuilder();
    int shown = Math.min(messages.size(), MAX_MESSAGES);
    for (int i = 0; i < shown; i++) {
      if (i > 0) {
        out.append("; ");
      }
      out.append(Quotes.escape(messages.get(i), MAX_MESSAGE_CHARS));
    }
    if (messages.size() > MAX_MESSAGES) {
      out.append("; ... (").append(messages.size()).append(" messages in all)");
    }
    return out.toString();
  }
}
