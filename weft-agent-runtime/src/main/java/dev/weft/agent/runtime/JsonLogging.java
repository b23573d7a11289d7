package dev.weft.agent.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.agent.observability.ObservabilityConfig;
import dev.weft.agent.observability.TraceMdc;
import java.io.OutputStream;
import java.util.Map;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Configures Logback for an agent process, as {@code weft agent run} does (the agent SDK itself
 * logs through slf4j only and configures nothing): every line is a JSON object (Logstash encoder:
 * {@code @timestamp}, {@code level}, {@code logger_name}, {@code thread_name}, {@code message},
 * {@code stack_trace}, the configured default fields such as cloud and region, and the MDC entries,
 * among them {@link TraceMdc#TRACE_ID} and {@link TraceMdc#SPAN_ID}), or a plain text line for
 * {@code format: text}. Installing replaces whatever Logback configuration was loaded before
 * (logback.xml included). Lines go to standard output.
 *
 * <p>Installing also routes {@code java.util.logging} (Helidon's logging) through slf4j into the
 * same lines ({@code jul-to-slf4j}'s bridge replaces the JUL root logger's handlers), and keeps the
 * JUL levels equal to Logback's (Logback's {@code LevelChangePropagator}), so that JUL does not
 * build records that would be dropped anyway.
 */
public final class JsonLogging {

  /** The text format: time, level, thread, logger, the trace id when set, the message. */
  static final String TEXT_PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] "
          + "%logger{36}%replace( trace_id=%X{trace_id}){' trace_id=$', ''} - %msg%n";

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonLogging() {}

  /**
   * Lines as {@code logging} says (format, level, default fields of JSON lines).
   *
   * @throws IllegalStateException when slf4j is not bound to Logback
   */
  public static void install(ObservabilityConfig.Logging logging) {
    install(logging, null);
  }

  /** As {@link #install(ObservabilityConfig.Logging)}, to {@code out} (null: standard output). */
  static void install(ObservabilityConfig.Logging logging, OutputStream out) {
    LoggerContext context = loggerContext();
    Encoder<ILoggingEvent> encoder =
        switch (logging.format()) {
          case JSON -> jsonEncoder(context, logging.defaultFields());
          case TEXT -> textEncoder(context);
        };
    context.reset();
    OutputStreamAppender<ILoggingEvent> appender =
        out == null ? new ConsoleAppender<>() : new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setName("weft");
    appender.setEncoder(encoder);
    if (out != null) {
      appender.setOutputStream(out);
    }
    appender.start();
    LevelChangePropagator propagator = new LevelChangePropagator();
    propagator.setContext(context);
    propagator.setResetJUL(true);
    propagator.start();
    context.addListener(propagator);
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(logging.level().name()));
    root.addAppender(appender);
  }

  private static LoggerContext loggerContext() {
    var factory = LoggerFactory.getILoggerFactory();
    if (factory instanceof LoggerContext context) {
      return context;
    }
    throw new IllegalStateException(
        "slf4j is bound to "
            + factory.getClass().getName()
            + " (expected: Logback's LoggerContext; remove other slf4j providers from the classpath)");
  }

  private static Encoder<ILoggingEvent> jsonEncoder(
      LoggerContext context, Map<String, String> fields) {
    var encoder = new LogstashEncoder();
    encoder.setContext(context);
    if (!fields.isEmpty()) {
      try {
        encoder.setCustomFields(JSON.writeValueAsString(fields));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("logging.default_fields: cannot be written as JSON", e);
      }
    }
    encoder.start();
    return encoder;
  }

  private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
    var encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(TEXT_PATTERN);
    encoder.start();
    return encoder;
  }
}
