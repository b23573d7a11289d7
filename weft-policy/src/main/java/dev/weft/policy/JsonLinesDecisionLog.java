package dev.weft.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.weft.policy.rego.value.Json;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes decisions as JSON lines, masking what the mask pointers name. */
final class JsonLinesDecisionLog implements DecisionLog {

  private static final Logger LOG = LoggerFactory.getLogger(DecisionLog.class);

  private final List<JsonPointers.Pointer> mask;
  private final String target;
  private final Object lock = new Object();

  @GuardedBy("lock")
  private final Writer out;

  /** Whether the last write failed (reported once per failure run). */
  @GuardedBy("lock")
  private boolean failing;

  @GuardedBy("lock")
  private boolean closed;

  JsonLinesDecisionLog(Writer out, List<JsonPointers.Pointer> mask, String target) {
    this.out = out;
    this.mask = mask;
    this.target = target;
  }

  @Override
  public void record(Entry entry) {
    String line;
    try {
      line = encode(entry);
    } catch (JsonProcessingException | RuntimeException e) {
      LOG.warn("decision log: entry {} could not be encoded: {}", entry.decisionId(), e.toString());
      return;
    }
    synchronized (lock) {
      try {
        if (closed) {
          throw new IOException("the decision log is closed");
        }
        out.write(line);
        out.write('\n');
        out.flush();
        failing = false;
      } catch (IOException e) {
        if (!failing) {
          LOG.warn(
              "decision log: writing to {} failed; decisions are not recorded until a write"
                  + " succeeds: {}",
              target,
              e.toString());
        }
        failing = true;
      }
    }
  }

  @Override
  public void close() throws IOException {
    synchronized (lock) {
      if (!closed) {
        closed = true;
        out.close();
      }
    }
  }

  private String encode(Entry entry) throws JsonProcessingException {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode event = f.objectNode();
    event.put("decision_id", entry.decisionId());
    event.put("timestamp", entry.timestamp().toString());
    event.put("path", entry.path());
    event.set("input", Json.toJson(entry.input()));
    if (entry.result() != null) {
      event.set("result", Json.toJson(entry.result()));
    }
    event.put("allowed", entry.allowed());
    event.put("reason", entry.reason());
    event.put("revision", entry.revision());
    if (entry.traceId() != null) {
      event.put("trace_id", entry.traceId());
    }
    ObjectNode metrics = event.putObject("metrics");
    entry.metrics().forEach(metrics::put);
    ArrayNode masked = f.arrayNode();
    for (JsonPointers.Pointer pointer : mask) {
      if (JsonPointers.mask(event, pointer, MASKED)) {
        masked.add(pointer.text());
      }
    }
    if (!masked.isEmpty()) {
      event.set("masked", masked);
    }
    return Json.mapper().writeValueAsString(event);
  }
}
