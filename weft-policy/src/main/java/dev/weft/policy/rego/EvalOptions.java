package dev.weft.policy.rego;

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
 * @param limits the deadline and step budget of the evaluation
 * @param testCases receives each case a parameterized test rule ({@code test_x[name] if ...})
 *     reaches, as the array of its head's key values, before the rest of its body runs; used by the
 *     test runner to report cases that fail
 * @param network which hosts {@code http.send} and {@code net.lookup_ip_addr} may reach; default
 *     {@link NetworkAccess#NONE}
 */
public record EvalOptions(
    Value input,
    Clock clock,
    Consumer<String> print,
    boolean strictBuiltinErrors,
    EvalLimits limits,
    Consumer<Value> testCases,
    NetworkAccess network) {

  /** Validates the options. */
  public EvalOptions {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(print, "print");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(testCases, "testCases");
    Objects.requireNonNull(network, "network");
  }

  /** Options without network access. */
  public EvalOptions(
      Value input,
      Clock clock,
      Consumer<String> print,
      boolean strictBuiltinErrors,
      EvalLimits limits,
      Consumer<Value> testCases) {
    this(input, clock, print, strictBuiltinErrors, limits, testCases, NetworkAccess.NONE);
  }

  /**
   * The defaults for {@code input}: system clock, print to nowhere, lenient built-in errors, no
   * limits ({@link EvalLimits#NONE}, as {@code opa eval} has no timeout by default), no network.
   */
  public static EvalOptions of(Value input) {
    return new EvalOptions(
        input, Clock.systemUTC(), line -> {}, false, EvalLimits.NONE, testCase -> {});
  }

  /** These options with another receiver of parameterized test cases. */
  public EvalOptions withTestCases(Consumer<Value> sink) {
    return new EvalOptions(input, clock, print, strictBuiltinErrors, limits, sink, network);
  }

  /** These options with other limits. */
  public EvalOptions withLimits(EvalLimits newLimits) {
    return new EvalOptions(input, clock, print, strictBuiltinErrors, newLimits, testCases, network);
  }

  /** These options with another input. */
  public EvalOptions withInput(Value newInput) {
    return new EvalOptions(newInput, clock, print, strictBuiltinErrors, limits, testCases, network);
  }

  /** These options with strict built-in errors on or off. */
  public EvalOptions withStrictBuiltinErrors(boolean strict) {
    return new EvalOptions(input, clock, print, strict, limits, testCases, network);
  }

  /** These options with another print sink. */
  public EvalOptions withPrint(Consumer<String> sink) {
    return new EvalOptions(input, clock, sink, strictBuiltinErrors, limits, testCases, network);
  }

  /** These options with another clock. */
  public EvalOptions withClock(Clock newClock) {
    return new EvalOptions(input, newClock, print, strictBuiltinErrors, limits, testCases, network);
  }

  /** These options with another network access (off by default). */
  public EvalOptions withNetwork(NetworkAccess access) {
    return new EvalOptions(input, clock, print, strictBuiltinErrors, limits, testCases, access);
  }
}
