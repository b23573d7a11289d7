/**
 * Rego unit tests, as {@code opa test} runs them: {@link dev.weft.policy.testing.TestRunner} finds
 * and evaluates every {@code test_} rule of a policy, {@link dev.weft.policy.testing.TestReport}
 * prints the results in OPA's pretty or JSON form, and {@link dev.weft.policy.testing.OpaJson}
 * writes JSON exactly as OPA's command line does.
 */
package dev.weft.policy.testing;
