package dev.weft.identity.workloadapi;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Options of a {@link SvidSource}. Build with {@link #builder()}; every option has a default.
 *
 * @param startTimeout how long {@link SvidSource#start} waits for the first identity; default 30
 *     seconds
 * @param callTimeout the deadline of single-answer calls such as {@code FetchJWTSVID}; default 10
 *     seconds
 * @param backoff the delays between attempts to reopen a watch after the agent went away; default
 *     {@link Backoff#DEFAULT} (100 ms doubling up to 10 s, 20% jitter)
 * @param svidSelector which of the workload's SVIDs to present; default {@link
 *     SvidSelector#first()}
 * @param watchJwtBundles whether to watch JWT bundles too (and wait for them at start); default
 *     {@code true}. Without them the snapshot's bundles hold X.509 authorities only and {@link
 *     SvidSource#validateJwtSvid} rejects every token.
 * @param clock the clock that JWT-SVID expiry is checked against; default the system clock (UTC)
 */
public record SvidSourceConfig(
    Duration startTimeout,
    Duration callTimeout,
    Backoff backoff,
    SvidSelector svidSelector,
    boolean watchJwtBundles,
    Clock clock) {

  public SvidSourceConfig {
    positive("startTimeout", startTimeout);
    positive("callTimeout", callTimeout);
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(svidSelector, "svidSelector");
    Objects.requireNonNull(clock, "clock");
  }

  /** All defaults. */
  public static SvidSourceConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    return new Builder()
        .startTimeout(startTimeout)
        .callTimeout(callTimeout)
        .backoff(backoff)
        .svidSelector(svidSelector)
        .watchJwtBundles(watchJwtBundles)
        .clock(clock);
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
    }
  }

  /** Builds a {@link SvidSourceConfig}; values are checked by {@link #build()}. */
  public static final class Builder {
    private Duration startTimeout = Duration.ofSeconds(30);
    private Duration callTimeout = WorkloadApiClient.DEFAULT_CALL_TIMEOUT;
    private Backoff backoff = Backoff.DEFAULT;
    private SvidSelector svidSelector = SvidSelector.first();
    private boolean watchJwtBundles = true;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    public Builder startTimeout(Duration startTimeout) {
      this.startTimeout = startTimeout;
      return this;
    }

    public Builder callTimeout(Duration callTimeout) {
      this.callTimeout = callTimeout;
      return this;
    }

    public Builder backoff(Backoff backoff) {
      this.backoff = backoff;
      return this;
    }

    public Builder svidSelector(SvidSelector svidSelector) {
      this.svidSelector = svidSelector;
      return this;
    }

    public Builder watchJwtBundles(boolean watchJwtBundles) {
      this.watchJwtBundles = watchJwtBundles;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first bad option, for example {@code
     *     startTimeout: PT0S (expected: > 0)}
     */
    public SvidSourceConfig build() {
      return new SvidSourceConfig(
          startTimeout, callTimeout, backoff, svidSelector, watchJwtBundles, clock);
    }
  }
}
