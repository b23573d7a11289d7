package dev.weft.fabric.client;

import dev.weft.fabric.Name;
import dev.weft.fabric.wire.Flags;
import dev.weft.fabric.wire.Frame;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's message handlers by name, and the messages received turned into {@link Message}s and
 * handed to them. They outlive connections: after a reconnect, {@link #names()} is what the client
 * subscribes to again.
 */
final class Handlers {

  private static final Logger LOG = LoggerFactory.getLogger(FabricClient.class);

  /** One registered handler (equal only to itself: the same handler may be registered twice). */
  static final class Entry {
    private final Name name;
    private final MessageHandler handler;

    Entry(Name name, MessageHandler handler) {
      this.name = name;
      this.handler = handler;
    }

    Name name() {
      return name;
    }

    MessageHandler handler() {
      return handler;
    }
  }

  private final Map<Name, List<Entry>> byName = new ConcurrentHashMap<>();

  /** Parsed names of received frames; touched on the I/O thread only. */
  private final Map<String, Name> names = new HashMap<>();

  /**
   * Registers {@code entry} under its name; an instance name's handler also takes its service's
   * anycast messages.
   */
  void add(Entry entry) {
    byName.computeIfAbsent(entry.name(), n -> new CopyOnWriteArrayList<>()).add(entry);
    if (entry.name().isInstance()) {
      byName.computeIfAbsent(entry.name().service(), n -> new CopyOnWriteArrayList<>()).add(entry);
    }
  }

  /** Unregisters {@code entry}; true if no handler is left for its name. */
  boolean remove(Entry entry) {
    List<Entry> forName = byName.get(entry.name());
    if (forName != null) {
      forName.remove(entry);
    }
    if (entry.name().isInstance()) {
      List<Entry> forService = byName.get(entry.name().service());
      if (forService != null) {
        forService.remove(entry);
      }
    }
    return forName == null || forName.isEmpty();
  }

  /** The names subscribed to (not the services an instance name implies). */
  Set<Name> names() {
    Set<Name> live = new LinkedHashSet<>();
    for (List<Entry> entries : byName.values()) {
      for (Entry entry : entries) {
        live.add(entry.name());
      }
    }
    return live;
  }

  /** {@code frame} as a message, or empty if a name in it does not parse. I/O thread only. */
  Optional<Message> message(Frame frame) {
    Name name;
    Name source = null;
    try {
      name = name(frame.name());
      if (!frame.source().isEmpty()) {
        source = name(frame.source());
      }
    } catch (IllegalArgumentException e) {
      LOG.debug("fabric client: dropped a message with a bad name: {}", e.getMessage());
      return Optional.empty();
    }
    return Optional.of(
        new Message(
            name,
            Optional.ofNullable(source),
            frame.id(),
            frame.has(Flags.REQUEST),
            frame.has(Flags.MULTICAST),
            frame.metadata(),
            frame.payload()));
  }

  /** Calls every handler of the message's name; one that throws is logged. I/O thread. */
  void dispatch(Message message) {
    List<Entry> entries = byName.get(message.name());
    if (entries == null || entries.isEmpty()) {
      LOG.debug("fabric client: no handler for {}", message.name());
      return;
    }
    for (Entry entry : entries) {
      try {
        entry.handler().onMessage(message);
      } catch (RuntimeException e) {
        LOG.warn("fabric client: the handler of {} failed", entry.name(), e);
      }
    }
  }

  /** {@code text} parsed, from a bounded cache. I/O thread only. */
  private Name name(String text) {
    Name name = names.get(text);
    if (name == null) {
      name = Name.parse(text);
      if (names.size() >= 4096) {
        names.clear();
      }
      names.put(text, name);
    }
    return name;
  }
}
