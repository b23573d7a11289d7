package dev.weft.policy.rego.internal.parser;

import dev.weft.policy.PolicyException;

/**
 * Runs a parse of deeply nested input on a thread whose stack fits {@link Cursor#MAX_DEPTH} levels,
 * so that the depth cap, not the caller's stack size, bounds what parses.
 */
final class LargeStack {

  /** Nesting up to this parses on the caller's thread (a few hundred KiB of stack at most). */
  static final int INLINE_NESTING = 64;

  /** Enough for {@link Cursor#MAX_DEPTH} levels of the most stack-hungry shape, several times. */
  private static final long STACK_BYTES = 16L << 20;

  /** A parse that fails only with {@link PolicyException}. */
  @FunctionalInterface
  interface Parse<T> {
    T run() throws PolicyException;
  }

  private LargeStack() {}

  static <T> T run(Tokens tokens, Parse<T> parse) throws PolicyException {
    if (tokens.maxNesting <= INLINE_NESTING) {
      return parse.run();
    }
    Outcome<T> outcome = new Outcome<>();
    Thread worker =
        Thread.ofPlatform()
            .name("rego-parser")
            .daemon(true)
            .stackSize(STACK_BYTES)
            .unstarted(outcome.of(parse));
    worker.start();
    try {
      worker.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PolicyException("parse interrupted", e);
    }
    return outcome.get();
  }

  /** What the worker produced: a value or the failure, rethrown on the caller's thread. */
  private static final class Outcome<T> {
    private T value;
    private Throwable failure;

    Runnable of(Parse<T> parse) {
      return () -> {
        try {
          value = parse.run();
        } catch (PolicyException | RuntimeException | Error e) {
          failure = e;
        }
      };
    }

    T get() throws PolicyException {
      switch (failure) {
        case null -> {
          return value;
        }
        case PolicyException e -> throw e;
        case RuntimeException e -> throw e;
        case Error e -> throw e;
        default -> throw new IllegalStateException(failure);
      }
    }
  }
}
