package dev.weft.trust.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** One debug line per refusal, and a warning at most once a minute that sums them up. */
class RefusalLogTest {
  private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40000);

  private final Logger logger = (Logger) LoggerFactory.getLogger(RefusalLog.class);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private Level level;

  @BeforeEach
  void capture() {
    level = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void release() {
    logger.detachAppender(lines);
    logger.setLevel(level);
  }

  @Test
  void everyRefusalIsADebugLineAndAWarningSumsThemUpAtMostOnceAMinute() {
    RefusalLog log = new RefusalLog("bundle endpoint", nanos::get);

    log.refused(PEER, "first (limit a)");
    for (int i = 0; i < 99; i++) {
      nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
      log.refused(PEER, "again (limit b)");
    }
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(11));
    log.refused(PEER, "later (limit c)");

    assertThat(log.count()).isEqualTo(101);
    assertThat(lines.list)
        .filteredOn(e -> e.getLevel() == Level.DEBUG)
        .hasSize(101)
        .first()
        .extracting(ILoggingEvent::getFormattedMessage)
        .isEqualTo("bundle endpoint: connection from /127.0.0.1:40000 closed: first (limit a)");
    assertThat(lines.list)
        .filteredOn(e -> e.getLevel() == Level.WARN)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "bundle endpoint: 1 connection(s) or request(s) refused since the last warning (latest: first"
                + " (limit a)); at most one warning a minute, each refusal at debug level",
            "bundle endpoint: 100 connection(s) or request(s) refused since the last warning (latest: later"
                + " (limit c)); at most one warning a minute, each refusal at debug level");
    assertThat(lines.list).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
  }
}
