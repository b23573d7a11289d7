package dev.weft.policy.rego;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the conformance runner looks for OPA's cases, and what it does when they are absent. */
class ConformanceLocationTest {

  @TempDir Path tmp;

  @Test
  void missingConformanceCasesFailTheRunAndSayWhereToPointIt() {
    Path nowhere = tmp.resolve("shared/conformance/opa");

    assertThatThrownBy(() -> ConformanceTest.cases(nowhere))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "OPA conformance cases not found at "
                + nowhere
                + " (expected: OPA's cases in shared/conformance/opa next to the repository's"
                + " directory; point -Dweft.conformance.dir=DIR at another copy, or pass"
                + " -Dweft.conformance.skip=true to skip them)");
  }
}
