package dev.weft.agent.observability;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads Prometheus text exposition samples as "name{labels}" -> value, for assertions. */
final class Exposition {

  private Exposition() {}

  static Map<String, Double> samples(String text) {
    var samples = new LinkedHashMap<String, Double>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
    return samples;
  }
}
