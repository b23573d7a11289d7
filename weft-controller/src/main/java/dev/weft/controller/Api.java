package dev.weft.controller;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.weft.controller.api.DomainRequest;
import dev.weft.controller.api.ErrorView;
import dev.weft.controller.api.Json;
import dev.weft.controller.api.LinkRequest;
import dev.weft.controller.api.SegmentRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The northbound JSON API, independent of the transport: a method, a path, a query and a body in; a
 * status, a content type and a body out. See docs/fabric.md, "The controller's API".
 */
final class Api {

  /** One response. */
  record Response(int status, String contentType, byte[] body) {}

  private static final String JSON = "application/json";

  private final ControlLoop loop;
  private final ControllerMetrics metrics;
  private final Supplier<Object[]> self;

  /**
   * @param self the controller's SPIFFE ID, southbound and northbound addresses (read per call)
   */
  Api(ControlLoop loop, ControllerMetrics metrics, Supplier<Object[]> self) {
    this.loop = loop;
    this.metrics = metrics;
    this.self = self;
  }

  Response handle(String method, String rawPath, byte[] body) {
    Response response;
    try {
      response = dispatch(method, rawPath, body);
    } catch (Refusal r) {
      metrics.refused(r.kind());
      response = error(r.kind().http, r.getMessage());
    } catch (IllegalArgumentException e) {
      metrics.refused(Refusal.Kind.INVALID);
      response = error(400, "path: " + e.getMessage());
    }
    metrics.api(response.status());
    return response;
  }

  private Response dispatch(String method, String rawPath, byte[] body) throws Refusal {
    int q = rawPath.indexOf('?');
    String path = q < 0 ? rawPath : rawPath.substring(0, q);
    Map<String, String> query = query(q < 0 ? "" : rawPath.substring(q + 1));
    List<String> parts = segments(path);
    if (parts.size() == 1 && parts.get(0).equals("healthz")) {
      return get(method, () -> Map.of("status", "ok"));
    }
    if (parts.size() == 1 && parts.get(0).equals("metrics")) {
      requireMethod(method, "GET");
      return new Response(
          200,
          "text/plain; version=0.0.4; charset=utf-8",
          metrics.scrape().getBytes(StandardCharsets.UTF_8));
    }
    if (parts.size() < 2 || !parts.get(0).equals("v1")) {
      throw Refusal.notFound(
          "path: " + Shown.of(path) + " (expected: /v1/..., see docs/fabric.md)");
    }
    String node = query.get("node");
    String kind = parts.get(1);
    int n = parts.size();
    switch (kind) {
      case "controller" -> {
        if (n == 2) {
          Object[] s = self.get();
          return ok(method, "GET", loop.controller((String) s[0], (String) s[1], (String) s[2]));
        }
      }
      case "nodes" -> {
        if (n == 2) {
          return ok(method, "GET", loop.nodes());
        }
        if (n == 3) {
          if (method.equals("DELETE")) {
            loop.removeNode(parts.get(2));
            return noContent();
          }
          return ok(method, "GET", loop.node(parts.get(2)));
        }
      }
      case "routes" -> {
        if (n == 2) {
          return ok(method, "GET", loop.routes(node));
        }
      }
      case "connections" -> {
        if (n == 2) {
          return ok(method, "GET", loop.connections(node));
        }
      }
      case "subscriptions" -> {
        if (n == 2) {
          return ok(method, "GET", loop.subscriptions(node));
        }
      }
      case "links" -> {
        if (n == 2 && method.equals("POST")) {
          LinkRequest r = read(body, LinkRequest.class);
          return json(201, loop.addLink(r.a(), r.b()));
        }
        if (n == 2) {
          return ok(method, "GET", loop.links());
        }
        if (n == 4) {
          requireMethod(method, "DELETE");
          loop.removeLink(parts.get(2), parts.get(3));
          return noContent();
        }
      }
      case "segments" -> {
        if (n == 2 && method.equals("POST")) {
          SegmentRequest r = read(body, SegmentRequest.class);
          return json(200, loop.putSegment(r.name(), r.topology(), r.hub()));
        }
        if (n == 2) {
          return ok(method, "GET", loop.segments());
        }
        if (n == 3) {
          requireMethod(method, "DELETE");
          loop.removeSegment(parts.get(2));
          return noContent();
        }
      }
      case "domains" -> {
        if (n == 2 && method.equals("POST")) {
          DomainRequest r = read(body, DomainRequest.class);
          return json(200, loop.putDomain(r.name(), r.segment()));
        }
        if (n == 2) {
          return ok(method, "GET", loop.domains());
        }
        if (n == 3) {
          requireMethod(method, "DELETE");
          loop.removeDomain(parts.get(2));
          return noContent();
        }
      }
      default -> {}
    }
    throw Refusal.notFound("path: " + Shown.of(path) + " (expected: a path of docs/fabric.md)");
  }

  private Response get(String method, Supplier<Object> body) throws Refusal {
    requireMethod(method, "GET");
    return json(200, body.get());
  }

  private Response ok(String method, String allowed, Object body) throws Refusal {
    requireMethod(method, allowed);
    return json(200, body);
  }

  private static void requireMethod(String method, String allowed) throws Refusal {
    if (!method.equals(allowed) && !(allowed.equals("GET") && method.equals("HEAD"))) {
      throw new Refusal(
          Refusal.Kind.INVALID,
          "method: " + Shown.of(method) + " (expected: " + allowed + " on this path)");
    }
  }

  private static <T> T read(byte[] body, Class<T> type) throws Refusal {
    if (body.length == 0) {
      throw Refusal.invalid("body: empty (expected: a JSON object)");
    }
    try {
      T value = Json.MAPPER.readValue(body, type);
      if (value == null) {
        throw Refusal.invalid("body: null (expected: a JSON object)");
      }
      return value;
    } catch (JsonProcessingException e) {
      throw Refusal.invalid(
          "body: " + e.getOriginalMessage() + " (expected: a JSON object of docs/fabric.md)");
    } catch (IOException e) {
      throw Refusal.invalid("body: " + e.getMessage());
    }
  }

  private static Response json(int status, Object body) {
    try {
      return new Response(
          status, JSON, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      return error(500, "the response could not be written");
    }
  }

  private static Response noContent() {
    return new Response(204, JSON, new byte[0]);
  }

  static Response error(int status, String message) {
    try {
      return new Response(status, JSON, Json.MAPPER.writeValueAsBytes(new ErrorView(message)));
    } catch (JsonProcessingException e) {
      return new Response(status, JSON, "{\"error\":\"\"}".getBytes(StandardCharsets.UTF_8));
    }
  }

  private static List<String> segments(String path) throws Refusal {
    if (!path.startsWith("/")) {
      throw Refusal.invalid("path: " + Shown.of(path) + " (expected: an absolute path)");
    }
    List<String> out = new java.util.ArrayList<>();
    for (String s : path.substring(1).split("/", -1)) {
      if (s.isEmpty()) {
        continue;
      }
      out.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
    }
    return out;
  }

  private static Map<String, String> query(String text) throws Refusal {
    Map<String, String> out = new HashMap<>();
    if (text.isEmpty()) {
      return out;
    }
    for (String pair : text.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (!key.equals("node")) {
        throw Refusal.invalid("query: " + Shown.of(key) + " (expected: node)");
      }
      out.put(key, value);
    }
    return out;
  }
}
