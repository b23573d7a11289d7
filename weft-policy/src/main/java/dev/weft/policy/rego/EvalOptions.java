package dev.weft.policy.rego;

import dev.weft.policy.rego.builtins.NetworkAccess;
import dev.weft.policy.rego.value.Value;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How one evaluation runs.
 *
 * @param input the {@code input} document, or null for none (then {@code input} is undefined)
 * @param clock the clock {@code time.now_ns} reads, once per evaluation
 * @param print where {@code print} output goes, one line per call
 * @param strictBuiltinErrors whether a built-in error fails the evaluation (OPA's {@code
 *     --strict-builtin-errors}); when false the failing call is undefined, as OPA's default is
 * @param network which hosts {@code http.send} and {@code net.lookup_ip_addr} may reach; default
 *     {@link NetworkAccess#NONE}
 */
public record EvalOptions(
    Value input,
    Clock clock,
    Consumer<String> print,
    boolean strictBuiltinErrors,
    NetworkAccess network) {

  /** Validates the options. */
  public EvalOptions {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(print, "print");
    Objects.requireNonNull(network, "network");
  }

  /** Options without network access. */
  public EvalOptions(Value input, Clock clock, Consumer<String> print, boolean strictBuiltinErrors) {
    this(input, clock, print, strictBuiltinErrors, NetworkAccess.NONE);
  }

  /** The defaults for {@code input}: system clock, print to nowhere, lenient built-in errors. */
  public static EvalOptions of(Value input) {
    return new EvalOptions(input, Clock.systemUTC(), line -> {}, false);
  }

  /** These options with another input. */
  public EvalOptions withInput(Value newInput) {
    return new EvalOptions(newInput, clock, print, strictBuiltinErrors, network);
  }

  /** These options with strict built-in errors on or off. */
  public EvalOptions withStrictBuiltinErrors(boolean strict) {
    return new EvalOptions(input, clock, print, strict, network);
  }

  /** These options with another print sink. */
  public EvalOptions withPrint(Consumer<String> sink) {
    return new EvalOptions(input, clock, sink, strictBuiltinErrors, network);
  }

  /** These options with another clock. */
  public EvalOptions withClock(Clock newClock) {
    return new EvalOptions(input, newClock, print, strictBuiltinErrors, network);
  }

  /** These options with another network access (off by default). */
  public EvalOptions withNetwork(NetworkAccess access) {
    return new EvalOptions(input, clock, print, strictBuiltinErrors, access);
  }
}
