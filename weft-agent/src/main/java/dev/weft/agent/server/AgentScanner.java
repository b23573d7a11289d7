package dev.weft.agent.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.agent.AgentException;
import dev.weft.agent.CallContext;
import dev.weft.agent.Capability;
import dev.weft.agent.ErrorCode;
import dev.weft.agent.RequiresPeer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Finds the {@link Capability} methods of an agent object and binds their parameters. */
final class AgentScanner {

  private AgentScanner() {}

  /**
   * The capabilities of {@code agent}, in the order of their names (reflection gives no stable
   * declaration order).
   *
   * @throws IllegalArgumentException for a method that cannot be a capability
   */
  static List<CapabilityDef> scan(Object agent, ObjectMapper json) {
    Class<?> type = agent.getClass();
    List<PeerPattern> classPeers = patterns(type.getAnnotation(RequiresPeer.class));
    List<Method> methods = new ArrayList<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (m.isAnnotationPresent(Capability.class) && !m.isBridge()) {
          methods.add(m);
        }
      }
    }
    methods.sort(Comparator.comparing(m -> m.getAnnotation(Capability.class).name()));
    List<CapabilityDef> defs = new ArrayList<>();
    for (Method m : methods) {
      Capability c = m.getAnnotation(Capability.class);
      String where = type.getName() + "." + m.getName();
      if (Modifier.isStatic(m.getModifiers())) {
        throw new IllegalArgumentException(
            "@Capability " + where + ": static (expected: an instance method)");
      }
      RequiresPeer methodGuard = m.getAnnotation(RequiresPeer.class);
      List<PeerPattern> peers = methodGuard != null ? patterns(methodGuard) : classPeers;
      m.setAccessible(true);
      defs.add(
          new CapabilityDef(
              c.name(), c.description(), c.idempotent(), peers, binder(agent, m, where, json)));
    }
    return defs;
  }

  private static List<PeerPattern> patterns(RequiresPeer guard) {
    return guard == null
        ? List.of()
        : Arrays.stream(guard.value()).map(PeerPattern::parse).toList();
  }

  private static CapabilityHandler binder(
      Object agent, Method method, String where, ObjectMapper json) {
    Parameter[] params = method.getParameters();
    if (params.length > 2) {
      throw new IllegalArgumentException(
          "@Capability "
              + where
              + ": "
              + params.length
              + " parameters (expected: at most the params and a CallContext)");
    }
    JavaType[] types = new JavaType[params.length];
    int contexts = 0;
    for (int i = 0; i < params.length; i++) {
      if (params[i].getType() == CallContext.class) {
        contexts++;
      } else {
        types[i] = json.getTypeFactory().constructType(params[i].getParameterizedType());
      }
    }
    if (contexts > 1 || (params.length == 2 && contexts == 0)) {
      throw new IllegalArgumentException(
          "@Capability " + where + ": (expected: one params parameter and one CallContext)");
    }
    String name = method.getAnnotation(Capability.class).name();
    return (node, ctx) -> {
      Object[] args = new Object[params.length];
      for (int i = 0; i < params.length; i++) {
        args[i] = types[i] == null ? ctx : bind(json, node, types[i], name);
      }
      try {
        return method.invoke(agent, args);
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Exception ex) {
          throw ex;
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw e;
      }
    };
  }

  private static Object bind(ObjectMapper json, JsonNode node, JavaType type, String name)
      throws AgentException {
    if (type.getRawClass() == JsonNode.class) {
      return node;
    }
    try {
      return json.treeToValue(node, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      String detail =
          e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
      throw new AgentException(
          ErrorCode.INVALID_ARGUMENT, "invalid params for capability " + name + ": " + detail, e);
    }
  }
}
