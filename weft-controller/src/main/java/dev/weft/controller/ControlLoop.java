package dev.weft.controller;

import dev.weft.controller.api.ConnectionView;
import dev.weft.controller.api.ControllerView;
import dev.weft.controller.api.DomainView;
import dev.weft.controller.api.LinkView;
import dev.weft.controller.api.NodeView;
import dev.weft.controller.api.RouteView;
import dev.weft.controller.api.SegmentView;
import dev.weft.controller.api.SubscriptionView;
import dev.weft.controller.state.ControllerStore;
import dev.weft.controller.state.DomainRecord;
import dev.weft.controller.state.LinkRecord;
import dev.weft.controller.state.NodeRecord;
import dev.weft.controller.state.SegmentRecord;
import dev.weft.controller.state.TopologyMode;
import dev.weft.controller.topology.Changes;
import dev.weft.controller.topology.LinkChange;
import dev.weft.controller.topology.LinkSpec;
import dev.weft.controller.topology.Mode;
import dev.weft.controller.topology.RouteChange;
import dev.weft.controller.topology.TopologyEngine;
import dev.weft.fabric.Name;
import dev.weft.policy.Decision;
import dev.weft.proto.fabric.v1.Ack;
import dev.weft.proto.fabric.v1.ConfigurationCommand;
import dev.weft.proto.fabric.v1.Link;
import dev.weft.proto.fabric.v1.NodeMessage;
import dev.weft.proto.fabric.v1.Register;
import dev.weft.proto.fabric.v1.Route;
import dev.weft.proto.fabric.v1.SubscriptionUpdate;
import io.grpc.Status;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's state machine. One thread runs every change (a node registering, reporting
 * subscriptions, going away; an API call), in arrival order: the topology engine, the store and the
 * node sessions are touched by that thread only, so no lock is needed and every change is applied
 * whole. Each change persists first, then sends the resulting deltas to the connected nodes.
 */
final class ControlLoop implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ControlLoop.class);
  private static final long CALL_TIMEOUT_SECONDS = 30;

  private final String controllerId;
  private final ControllerStore store;
  private final ControllerPolicy policy;
  private final ControllerConfig.Limits limits;
  private final Clock clock;
  private final ControllerMetrics metrics;
  private final ExecutorService executor;

  // Loop thread only.
  private final TopologyEngine engine = new TopologyEngine();
  private final Map<String, NodeSession> sessions = new HashMap<>();
  private final Map<String, NodeRecord> nodes = new TreeMap<>();
  private final Map<String, SegmentRecord> segments = new TreeMap<>();
  private final Map<String, DomainRecord> domains = new TreeMap<>();
  private final Set<LinkRecord> links = new LinkedHashSet<>();
  private final Map<String, Set<String>> subscriptions = new HashMap<>();
  private final Map<String, Map<String, List<String>>> installed = new HashMap<>();
  private boolean stopping;

  ControlLoop(
      String controllerId,
      ControllerStore store,
      ControllerPolicy policy,
      ControllerConfig.Limits limits,
      Clock clock,
      ControllerMetrics metrics) {
    this.controllerId = controllerId;
    this.store = store;
    this.policy = policy;
    this.limits = limits;
    this.clock = clock;
    this.metrics = metrics;
    this.executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "weft-controller-loop");
              t.setDaemon(true);
              return t;
            });
  }

  // ---------------------------------------------------------------- threads

  /** Runs {@code task} on the loop, later. */
  void post(Runnable task) {
    try {
      executor.execute(
          () -> {
            try {
              task.run();
            } catch (RuntimeException e) {
              LOG.error("controller loop: unexpected failure: {}", e.toString(), e);
            }
          });
    } catch (RejectedExecutionException e) {
      // closing
    }
  }

  /** Runs {@code task} on the loop and waits for its result. */
  <T> T call(Callable<T> task) throws Refusal {
    Future<T> future;
    try {
      future = executor.submit(task);
    } catch (RejectedExecutionException e) {
      throw new Refusal(Refusal.Kind.UNAVAILABLE, "the controller is stopping");
    }
    try {
      return future.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Refusal r) {
        throw r;
      }
      LOG.error("controller loop: unexpected failure: {}", e.getCause().toString(), e.getCause());
      throw new Refusal(
          Refusal.Kind.UNAVAILABLE, "internal error: " + e.getCause().getClass().getSimpleName());
    } catch (TimeoutException e) {
      future.cancel(false);
      throw new Refusal(Refusal.Kind.UNAVAILABLE, "the controller is busy; try again");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Refusal(Refusal.Kind.UNAVAILABLE, "interrupted");
    }
  }

  /**
   * The controller is stopping: from now on a channel that ends changes no state (the nodes keep
   * their links and routes, and the store keeps what they hold until they register again).
   */
  void stopping() {
    try {
      call(
          () -> {
            stopping = true;
            return null;
          });
    } catch (Refusal e) {
      // already stopping
    }
  }

  @Override
  public void close() {
    try {
      call(
          () -> {
            stopping = true;
            for (NodeSession s : new ArrayList<>(sessions.values())) {
              s.close(Status.UNAVAILABLE.withDescription("the controller is stopping"));
            }
            return null;
          });
    } catch (Refusal e) {
      // already stopping
    }
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------- start-up

  /** Loads the stored state and the configuration's segments, domains and links (loop thread). */
  void load(ControllerConfig config) throws Refusal {
    call(
        () -> {
          Stored.run(() -> store.putSegment(new SegmentRecord("default", TopologyMode.MESH, null)));
          for (Map.Entry<String, ControllerConfig.SegmentConfig> e : config.segments().entrySet()) {
            Stored.run(
                () ->
                    store.putSegment(
                        new SegmentRecord(
                            e.getKey(),
                            TopologyMode.valueOf(e.getValue().topology().toUpperCase(Locale.ROOT)),
                            e.getValue().hub().orElse(null))));
          }
          for (Map.Entry<String, String> e : config.domains().entrySet()) {
            Stored.run(() -> store.putDomain(new DomainRecord(e.getKey(), e.getValue())));
          }
          for (List<String> pair : config.links()) {
            Stored.run(() -> store.addLink(new LinkRecord(pair.get(0), pair.get(1))));
          }
          for (SegmentRecord s : Stored.get(store::segments)) {
            segments.put(s.name(), s);
            engine.putSegment(s.name(), mode(s.mode()), s.hub());
          }
          for (DomainRecord d : Stored.get(store::domains)) {
            domains.put(d.name(), d);
            engine.putDomain(d.name(), d.segment());
          }
          Instant now = clock.instant();
          for (NodeRecord n : Stored.get(store::nodes)) {
            NodeRecord down = n.withConnection(false, n.connected() ? now : n.lastSeen());
            nodes.put(n.id(), down);
            if (n.connected()) {
              Stored.run(() -> store.putNode(down));
            }
            if (domains.containsKey(n.domain())) {
              // Known but down until it registers again: links to it can be declared.
              engine.nodeUp(n.id(), n.domain());
              engine.nodeDown(n.id());
            }
          }
          links.addAll(Stored.get(store::links));
          activateLinks();
          Stored.get(store::subscriptions)
              .forEach((n, names) -> subscriptions.put(n, new HashSet<>(names)));
          Stored.get(store::routes).forEach((n, r) -> installed.put(n, new HashMap<>(r)));
          LOG.info(
              "controller {}: loaded {} nodes, {} segments, {} domains, {} links from {}",
              controllerId,
              nodes.size(),
              segments.size(),
              domains.size(),
              links.size(),
              config.store());
          return null;
        });
  }

  // ---------------------------------------------------------------- southbound

  /** A message from a node's control channel (loop thread). */
  void received(NodeSession session, NodeMessage message) {
    if (session.closed) {
      return;
    }
    try {
      switch (message.getPayloadCase()) {
        case REGISTER -> {
          if (session.registered()) {
            throw Refusal.invalid("register: a second Register on one channel (expected: one)");
          }
          register(session, message.getRegister());
        }
        case SUBSCRIPTIONS -> {
          requireRegistered(session, "subscriptions");
          subscriptions(session, message.getSubscriptions());
        }
        case ACK -> {
          requireRegistered(session, "ack");
          ack(session, message.getAck());
        }
        default ->
            throw Refusal.invalid("message: empty (expected: register, subscriptions or ack)");
      }
    } catch (Refusal r) {
      metrics.refused(r.kind());
      LOG.warn("control channel of {} refused: {}", session.display(), r.getMessage());
      session.close(r.status());
      disconnected(session, r.getMessage());
    }
  }

  private static void requireRegistered(NodeSession session, String what) throws Refusal {
    if (!session.registered()) {
      throw Refusal.invalid(what + ": before Register (expected: Register first)");
    }
  }

  /** The register timer fired: a channel that has not registered is closed. */
  void registerTimeout(NodeSession session) {
    if (!session.registered() && !session.closed) {
      String message =
          "no Register within " + limits.registerTimeout().toMillis() + " ms of opening";
      LOG.warn("control channel of {} closed: {}", session.display(), message);
      session.close(Status.DEADLINE_EXCEEDED.withDescription(message));
    }
  }

  private void register(NodeSession session, Register r) throws Refusal {
    String id = checked("node_id", r.getNodeId());
    String domain = checked("domain", r.getDomain());
    String local = endpoint("local_endpoint", r.getLocalEndpoint());
    String external = endpoint("external_endpoint", r.getExternalEndpoint());
    if (r.getSubscriptionsCount() > limits.maxSubscriptionsPerNode()) {
      throw new Refusal(
          Refusal.Kind.TOO_LARGE,
          "subscriptions: "
              + r.getSubscriptionsCount()
              + " (expected: at most "
              + limits.maxSubscriptionsPerNode()
              + ", limits.max_subscriptions_per_node)");
    }
    Set<String> names = new LinkedHashSet<>();
    for (String name : r.getSubscriptionsList()) {
      names.add(name(name));
    }
    DomainRecord d = domains.get(domain);
    if (d == null) {
      throw new Refusal(
          Refusal.Kind.PRECONDITION,
          "domain: "
              + domain
              + " (expected: one of the controller's domains "
              + domains.keySet()
              + "; add it with weft fabric domain add "
              + domain
              + " --segment SEGMENT)");
    }
    Decision decision = policy.register(session.peer, id, domain);
    if (!decision.allowed()) {
      throw new Refusal(
          Refusal.Kind.DENIED, "register " + id + " as " + session.peer + ": " + decision.reason());
    }
    NodeRecord known = nodes.get(id);
    if (known != null && !known.spiffeId().equals(session.peer.toString())) {
      throw new Refusal(
          Refusal.Kind.CONFLICT,
          "node_id: "
              + id
              + " is registered by "
              + known.spiffeId()
              + " (expected: a node id of its own; weft fabric node remove "
              + id
              + " frees it while that node is disconnected)");
    }
    NodeSession previous = sessions.get(id);
    if (previous != null && previous != session) {
      LOG.info("node {}: a new control channel replaces the previous one", id);
      previous.close(Status.ABORTED.withDescription("replaced by a newer control channel"));
      sessions.remove(id);
      previous.nodeId = null;
    }
    LOG.info(
        "Registering node with ID {} (domain {}, segment {}, SPIFFE ID {}, external endpoint {},"
            + " {} subscriptions)",
        id,
        domain,
        d.segment(),
        session.peer,
        external,
        names.size());
    Instant now = clock.instant();
    NodeRecord record =
        new NodeRecord(
            id,
            domain,
            session.peer.toString(),
            local,
            external,
            true,
            known == null ? now : known.registeredAt(),
            now);
    Stored.run(() -> store.putNode(record));
    Stored.run(() -> store.replaceSubscriptions(id, names));
    nodes.put(id, record);
    subscriptions.put(id, new HashSet<>(names));
    session.nodeId = id;
    sessions.put(id, session);
    metrics.connected(sessions.size());

    List<Changes> changes = new ArrayList<>();
    if (previous != null && previous != session) {
      changes.add(engine.nodeDown(id));
    }
    changes.add(engine.nodeUp(id, domain));
    changes.addAll(activateLinks());
    changes.add(engine.replaceSubscriptions(id, names));

    session.registered(controllerId, d.segment());
    Map<String, List<String>> routes = engine.routes(id);
    logReconciliation(id, r, routes);
    session.command(fullState(id, routes));
    Stored.run(() -> store.replaceRoutes(id, routes));
    installed.put(id, new HashMap<>(routes));
    send(changes, id);
  }

  /** Logs how the node's own report compares with what it is about to be told to hold. */
  private void logReconciliation(String id, Register r, Map<String, List<String>> routes) {
    if (r.getRoutesCount() == 0 && r.getLinkedNodesCount() == 0) {
      return;
    }
    int kept = 0;
    for (Route held : r.getRoutesList()) {
      if (held.getNextHopsList().equals(routes.get(held.getName()))) {
        kept++;
      }
    }
    Set<String> wanted = new HashSet<>();
    engine.links(id).forEach(spec -> wanted.add(spec.peer()));
    long linksKept = r.getLinkedNodesList().stream().filter(wanted::contains).count();
    LOG.info(
        "node {} reconciled: it held {} routes and {} links; {} routes and {} links kept, {} routes"
            + " set, {} routes and {} links dropped",
        id,
        r.getRoutesCount(),
        r.getLinkedNodesCount(),
        kept,
        linksKept,
        routes.size() - kept,
        r.getRoutesCount() - kept,
        r.getLinkedNodesCount() - linksKept);
  }

  private void subscriptions(NodeSession session, SubscriptionUpdate update) throws Refusal {
    String id = session.nodeId;
    Set<String> mine = subscriptions.computeIfAbsent(id, k -> new HashSet<>());
    Set<String> added = new LinkedHashSet<>();
    for (String name : update.getAddedList()) {
      added.add(name(name));
    }
    Set<String> removed = new LinkedHashSet<>();
    for (String name : update.getRemovedList()) {
      removed.add(name(name));
    }
    // A name both added and removed in one report came and went: nothing to do.
    Set<String> both = new HashSet<>(added);
    both.retainAll(removed);
    added.removeAll(both);
    removed.removeAll(both);
    int after = mine.size() + added.size() - removed.size();
    if (after > limits.maxSubscriptionsPerNode()) {
      throw new Refusal(
          Refusal.Kind.TOO_LARGE,
          "subscriptions: "
              + after
              + " (expected: at most "
              + limits.maxSubscriptionsPerNode()
              + ", limits.max_subscriptions_per_node)");
    }
    Stored.run(() -> store.updateSubscriptions(id, added, removed));
    for (String name : removed) {
      if (mine.remove(name)) {
        send(engine.unsubscribe(id, name), null);
      }
    }
    for (String name : added) {
      if (mine.add(name)) {
        send(engine.subscribe(id, name), null);
      }
    }
  }

  private void ack(NodeSession session, Ack ack) {
    session.unacked = Math.max(0, session.unacked - 1);
    if (ack.getOk()) {
      session.acksOk++;
      metrics.command(true);
    } else {
      session.acksFailed++;
      metrics.command(false);
      String errors = String.join("; ", ack.getErrorsList());
      session.lastError = errors.length() > 500 ? errors.substring(0, 500) + "..." : errors;
      LOG.warn(
          "node {} could not apply all of command {}: {}",
          session.nodeId,
          ack.getCommandId(),
          session.lastError);
    }
  }

  /** A control channel ended (loop thread): its node's routes go, until it returns. */
  void disconnected(NodeSession session, String why) {
    String id = session.nodeId;
    if (id == null || sessions.get(id) != session) {
      return;
    }
    sessions.remove(id);
    session.nodeId = null;
    metrics.connected(sessions.size());
    if (stopping) {
      return;
    }
    LOG.info("node {} disconnected: {}; removing its routes and subscriptions", id, why);
    NodeRecord record = nodes.get(id);
    NodeRecord down = record.withConnection(false, clock.instant());
    nodes.put(id, down);
    subscriptions.remove(id);
    installed.remove(id);
    try {
      Stored.run(() -> store.putNode(down));
      Stored.run(() -> store.replaceSubscriptions(id, Set.of()));
      Stored.run(() -> store.replaceRoutes(id, Map.of()));
    } catch (Refusal e) {
      LOG.error("node {}: its disconnection could not be stored: {}", id, e.getMessage());
    }
    send(engine.nodeDown(id), id);
  }

  // ---------------------------------------------------------------- deltas

  private ConfigurationCommand fullState(String id, Map<String, List<String>> routes) {
    ConfigurationCommand.Builder command = ConfigurationCommand.newBuilder().setReplace(true);
    for (LinkSpec spec : engine.links(id)) {
      NodeRecord peer = nodes.get(spec.peer());
      if (peer != null) {
        command.addLinksToCreate(link(peer, spec.dial()));
      }
    }
    new TreeMap<>(routes)
        .forEach(
            (name, hops) ->
                command.addRoutesToSet(Route.newBuilder().setName(name).addAllNextHops(hops)));
    return command.build();
  }

  private static Link link(NodeRecord peer, boolean dial) {
    Link.Builder link =
        Link.newBuilder().setNodeId(peer.id()).setSpiffeId(peer.spiffeId()).setDial(dial);
    if (dial) {
      link.setEndpoint(peer.externalEndpoint());
    }
    return link.build();
  }

  /**
   * Persists and sends {@code changes}, in order, to the connected nodes except {@code skip} (which
   * has been sent its whole state): one command per node, where a later change of a link or a route
   * overrides an earlier one.
   */
  private void send(List<Changes> changes, String skip) {
    Map<String, Map<String, Link>> links = new LinkedHashMap<>();
    Map<String, Map<String, List<String>>> routes = new LinkedHashMap<>();
    int routeChanges = 0;
    for (Changes c : changes) {
      for (LinkChange lc : c.links()) {
        NodeRecord dialer = nodes.get(lc.dialer());
        NodeRecord acceptor = nodes.get(lc.acceptor());
        if (dialer == null || acceptor == null) {
          continue;
        }
        links
            .computeIfAbsent(dialer.id(), k -> new LinkedHashMap<>())
            .put(acceptor.id(), lc.up() ? link(acceptor, true) : null);
        links
            .computeIfAbsent(acceptor.id(), k -> new LinkedHashMap<>())
            .put(dialer.id(), lc.up() ? link(dialer, false) : null);
      }
      for (RouteChange rc : c.routes()) {
        if (sessions.containsKey(rc.node())) {
          routes
              .computeIfAbsent(rc.node(), k -> new LinkedHashMap<>())
              .put(rc.name(), rc.nextHops());
          routeChanges++;
        }
      }
    }
    for (Map.Entry<String, Map<String, List<String>>> e : routes.entrySet()) {
      String node = e.getKey();
      Map<String, List<String>> set = new LinkedHashMap<>();
      List<String> deleted = new ArrayList<>();
      e.getValue()
          .forEach(
              (name, hops) -> {
                if (hops.isEmpty()) {
                  deleted.add(name);
                } else {
                  set.put(name, hops);
                }
              });
      try {
        Stored.run(() -> store.applyRoutes(node, set, deleted));
      } catch (Refusal failure) {
        LOG.error("node {}: routes could not be stored: {}", node, failure.getMessage());
      }
      Map<String, List<String>> mine = installed.computeIfAbsent(node, k -> new HashMap<>());
      deleted.forEach(mine::remove);
      mine.putAll(set);
    }
    Set<String> targets = new LinkedHashSet<>(links.keySet());
    targets.addAll(routes.keySet());
    for (String node : targets) {
      NodeSession session = sessions.get(node);
      if (session == null || node.equals(skip)) {
        continue;
      }
      ConfigurationCommand.Builder command = ConfigurationCommand.newBuilder();
      links
          .getOrDefault(node, Map.of())
          .forEach(
              (peer, link) -> {
                if (link == null) {
                  command.addLinksToDelete(peer);
                } else {
                  command.addLinksToCreate(link);
                }
              });
      routes
          .getOrDefault(node, Map.of())
          .forEach(
              (name, hops) -> {
                if (hops.isEmpty()) {
                  command.addRoutesToDelete(name);
                } else {
                  command.addRoutesToSet(Route.newBuilder().setName(name).addAllNextHops(hops));
                }
              });
      session.command(command.build());
    }
    metrics.routeChanges(routeChanges);
  }

  private void send(Changes changes, String skip) {
    if (!changes.isEmpty()) {
      send(List.of(changes), skip);
    }
  }

  /** Adds to the engine the stored explicit links whose two nodes it knows. */
  private List<Changes> activateLinks() {
    List<Changes> all = new ArrayList<>();
    for (LinkRecord l : links) {
      if (engine.knowsNode(l.a())
          && engine.knowsNode(l.b())
          && !engine.hasExplicitLink(l.a(), l.b())) {
        try {
          all.add(engine.addLink(l.a(), l.b()));
        } catch (IllegalArgumentException e) {
          LOG.warn("link {} {}: not active: {}", l.a(), l.b(), e.getMessage());
        }
      }
    }
    return all;
  }

  // ---------------------------------------------------------------- northbound

  ControllerView controller(String spiffeId, String southbound, String northbound) throws Refusal {
    return call(
        () ->
            new ControllerView(
                controllerId,
                spiffeId,
                southbound,
                northbound,
                nodes.size(),
                sessions.size(),
                segments.size(),
                domains.size(),
                subscriptions.values().stream().mapToInt(Set::size).sum()));
  }

  List<NodeView> nodes() throws Refusal {
    return call(() -> nodes.values().stream().map(this::view).toList());
  }

  NodeView node(String id) throws Refusal {
    return call(() -> view(known(id)));
  }

  private NodeView view(NodeRecord n) {
    NodeSession s = sessions.get(n.id());
    DomainRecord d = domains.get(n.domain());
    return new NodeView(
        n.id(),
        n.domain(),
        d == null ? "" : d.segment(),
        n.spiffeId(),
        n.localEndpoint(),
        n.externalEndpoint(),
        s != null ? "connected" : "disconnected",
        n.registeredAt().toString(),
        n.lastSeen().toString(),
        subscriptions.getOrDefault(n.id(), Set.of()).size(),
        installed.getOrDefault(n.id(), Map.of()).size(),
        s == null ? 0 : s.acksOk,
        s == null ? 0 : s.acksFailed,
        s == null ? "" : s.lastError);
  }

  /** Forgets a disconnected node (its id and explicit links become free). */
  void removeNode(String id) throws Refusal {
    call(
        () -> {
          known(id);
          if (sessions.containsKey(id)) {
            throw new Refusal(
                Refusal.Kind.PRECONDITION,
                "node: " + id + " is connected (expected: a disconnected node)");
          }
          for (LinkRecord l : new ArrayList<>(links)) {
            if (l.a().equals(id) || l.b().equals(id)) {
              removeLinkLocked(l.a(), l.b());
            }
          }
          Stored.run(() -> store.deleteNode(id));
          nodes.remove(id);
          subscriptions.remove(id);
          installed.remove(id);
          LOG.info("node {} removed", id);
          return null;
        });
  }

  List<RouteView> routes(String node) throws Refusal {
    return call(
        () -> {
          if (node != null) {
            known(node);
          }
          List<RouteView> out = new ArrayList<>();
          for (String n : nodes.keySet()) {
            if (node == null || node.equals(n)) {
              new TreeMap<>(installed.getOrDefault(n, Map.of()))
                  .forEach((name, hops) -> out.add(new RouteView(n, name, List.copyOf(hops))));
            }
          }
          return out;
        });
  }

  List<SubscriptionView> subscriptions(String node) throws Refusal {
    return call(
        () -> {
          if (node != null) {
            known(node);
          }
          List<SubscriptionView> out = new ArrayList<>();
          for (String n : nodes.keySet()) {
            if (node == null || node.equals(n)) {
              new TreeSet<>(subscriptions.getOrDefault(n, Set.of()))
                  .forEach(name -> out.add(new SubscriptionView(n, name)));
            }
          }
          return out;
        });
  }

  List<ConnectionView> connections(String node) throws Refusal {
    return call(
        () -> {
          if (node != null) {
            known(node);
          }
          List<ConnectionView> out = new ArrayList<>();
          for (String n : nodes.keySet()) {
            if (node != null && !node.equals(n)) {
              continue;
            }
            if (!engine.knowsNode(n)) {
              continue;
            }
            for (LinkSpec spec : engine.links(n)) {
              NodeRecord peer = nodes.get(spec.peer());
              if (peer == null) {
                continue;
              }
              boolean both = sessions.containsKey(n) && sessions.containsKey(peer.id());
              out.add(
                  new ConnectionView(
                      n,
                      peer.id(),
                      spec.dial() ? "dial" : "accept",
                      spec.dial() ? peer.externalEndpoint() : "",
                      peer.spiffeId(),
                      both ? "installed" : "pending"));
            }
          }
          out.sort(
              Comparator.comparing(ConnectionView::node).thenComparing(ConnectionView::peerNode));
          return out;
        });
  }

  List<LinkView> links() throws Refusal {
    return call(
        () ->
            links.stream()
                .map(
                    l ->
                        new LinkView(
                            l.a(),
                            l.b(),
                            sessions.containsKey(l.a()) && sessions.containsKey(l.b())
                                ? "active"
                                : "waiting"))
                .toList());
  }

  LinkView addLink(String a, String b) throws Refusal {
    return call(
        () -> {
          checked("a", a);
          checked("b", b);
          if (a.equals(b)) {
            throw Refusal.invalid("link: " + a + " " + b + " (expected: two different nodes)");
          }
          known(a);
          known(b);
          LinkRecord record = new LinkRecord(a, b);
          if (links.contains(record)) {
            throw new Refusal(Refusal.Kind.CONFLICT, "link: " + a + " " + b + " exists");
          }
          Changes changes;
          try {
            changes = engine.addLink(a, b);
          } catch (IllegalArgumentException e) {
            throw Refusal.invalid(e.getMessage());
          }
          Stored.run(() -> store.addLink(record));
          links.add(record);
          send(changes, null);
          LOG.info("link {} {} added", record.a(), record.b());
          return new LinkView(record.a(), record.b(), "active");
        });
  }

  void removeLink(String a, String b) throws Refusal {
    call(
        () -> {
          if (!links.contains(new LinkRecord(a, b))) {
            throw Refusal.notFound(
                "link: " + a + " " + b + " (expected: a link of weft fabric link list)");
          }
          removeLinkLocked(a, b);
          return null;
        });
  }

  private void removeLinkLocked(String a, String b) throws Refusal {
    LinkRecord record = new LinkRecord(a, b);
    Stored.run(() -> store.removeLink(record));
    links.remove(record);
    if (engine.hasExplicitLink(a, b)) {
      send(engine.removeLink(a, b), null);
    }
    LOG.info("link {} {} removed", record.a(), record.b());
  }

  List<SegmentView> segments() throws Refusal {
    return call(() -> segments.values().stream().map(this::view).toList());
  }

  private SegmentView view(SegmentRecord s) {
    List<String> ds =
        domains.values().stream()
            .filter(d -> d.segment().equals(s.name()))
            .map(DomainRecord::name)
            .toList();
    int count = (int) nodes.values().stream().filter(n -> ds.contains(n.domain())).count();
    return new SegmentView(
        s.name(),
        s.mode().name().toLowerCase(Locale.ROOT),
        s.hub() == null ? "" : s.hub(),
        ds,
        count);
  }

  SegmentView putSegment(String name, String topology, String hub) throws Refusal {
    return call(
        () -> {
          checked("name", name);
          String t;
          try {
            t = ControllerConfigReader.topology(topology == null ? "mesh" : topology);
          } catch (IllegalArgumentException e) {
            throw Refusal.invalid(e.getMessage());
          }
          if (hub != null && !hub.isEmpty()) {
            checked("hub", hub);
            if (!t.equals("star")) {
              throw Refusal.invalid("hub: " + hub + " (expected: no hub; only a star has one)");
            }
          }
          String h = hub == null || hub.isEmpty() ? null : hub;
          SegmentRecord record =
              new SegmentRecord(name, TopologyMode.valueOf(t.toUpperCase(Locale.ROOT)), h);
          Changes changes;
          try {
            changes = engine.putSegment(name, mode(record.mode()), h);
          } catch (IllegalArgumentException e) {
            throw Refusal.invalid(e.getMessage());
          }
          Stored.run(() -> store.putSegment(record));
          segments.put(name, record);
          send(changes, null);
          LOG.info("segment {} set: topology {}{}", name, t, h == null ? "" : ", hub " + h);
          return view(record);
        });
  }

  void removeSegment(String name) throws Refusal {
    call(
        () -> {
          if (!segments.containsKey(name)) {
            throw Refusal.notFound(
                "segment: " + name + " (expected: one of " + segments.keySet() + ")");
          }
          if (name.equals("default")) {
            throw new Refusal(
                Refusal.Kind.PRECONDITION,
                "segment: default (expected: a segment other than default, which always exists)");
          }
          List<String> using =
              domains.values().stream()
                  .filter(d -> d.segment().equals(name))
                  .map(DomainRecord::name)
                  .toList();
          if (!using.isEmpty()) {
            throw new Refusal(
                Refusal.Kind.PRECONDITION,
                "segment: "
                    + name
                    + " is used by domains "
                    + using
                    + " (expected: a segment no domain uses)");
          }
          Changes changes;
          try {
            changes = engine.removeSegment(name);
          } catch (IllegalArgumentException | IllegalStateException e) {
            throw new Refusal(Refusal.Kind.PRECONDITION, e.getMessage());
          }
          Stored.run(() -> store.deleteSegment(name));
          segments.remove(name);
          send(changes, null);
          LOG.info("segment {} removed", name);
          return null;
        });
  }

  List<DomainView> domains() throws Refusal {
    return call(() -> domains.values().stream().map(this::view).toList());
  }

  private DomainView view(DomainRecord d) {
    int count = (int) nodes.values().stream().filter(n -> n.domain().equals(d.name())).count();
    return new DomainView(d.name(), d.segment(), count);
  }

  DomainView putDomain(String name, String segment) throws Refusal {
    return call(
        () -> {
          checked("name", name);
          String seg = segment == null || segment.isEmpty() ? "default" : segment;
          if (!segments.containsKey(seg)) {
            throw Refusal.notFound(
                "segment: " + seg + " (expected: one of " + segments.keySet() + ")");
          }
          Changes changes;
          try {
            changes = engine.putDomain(name, seg);
          } catch (IllegalArgumentException | IllegalStateException e) {
            throw new Refusal(Refusal.Kind.PRECONDITION, e.getMessage());
          }
          DomainRecord record = new DomainRecord(name, seg);
          Stored.run(() -> store.putDomain(record));
          domains.put(name, record);
          send(changes, null);
          LOG.info("domain {} set: segment {}", name, seg);
          return view(record);
        });
  }

  void removeDomain(String name) throws Refusal {
    call(
        () -> {
          if (!domains.containsKey(name)) {
            throw Refusal.notFound(
                "domain: " + name + " (expected: one of " + domains.keySet() + ")");
          }
          List<String> using =
              nodes.values().stream()
                  .filter(n -> n.domain().equals(name))
                  .map(NodeRecord::id)
                  .toList();
          if (!using.isEmpty()) {
            throw new Refusal(
                Refusal.Kind.PRECONDITION,
                "domain: "
                    + name
                    + " has nodes "
                    + using
                    + " (expected: a domain without nodes; weft fabric node remove frees disconnected ones)");
          }
          Changes changes;
          try {
            changes = engine.removeDomain(name);
          } catch (IllegalArgumentException | IllegalStateException e) {
            throw new Refusal(Refusal.Kind.PRECONDITION, e.getMessage());
          }
          Stored.run(() -> store.deleteDomain(name));
          domains.remove(name);
          send(changes, null);
          LOG.info("domain {} removed", name);
          return null;
        });
  }

  // ---------------------------------------------------------------- checks

  private NodeRecord known(String id) throws Refusal {
    NodeRecord n = nodes.get(id);
    if (n == null) {
      throw Refusal.notFound(
          "node: " + Shown.of(id) + " (expected: a registered node; weft fabric node list)");
    }
    return n;
  }

  private static String checked(String what, String text) throws Refusal {
    try {
      return ControllerConfigReader.checkId(what, text == null ? "" : text);
    } catch (IllegalArgumentException e) {
      throw Refusal.invalid(e.getMessage());
    }
  }

  private static String endpoint(String what, String text) throws Refusal {
    try {
      return Endpoints.format(Endpoints.parse(what, text));
    } catch (IllegalArgumentException e) {
      throw Refusal.invalid(e.getMessage());
    }
  }

  private static String name(String text) throws Refusal {
    try {
      return Name.parse(text).toString();
    } catch (IllegalArgumentException e) {
      throw Refusal.invalid("subscription " + e.getMessage());
    }
  }

  private static Mode mode(TopologyMode mode) {
    return Mode.valueOf(mode.name());
  }

  /** Store calls, their failures turned into refusals that name the store and nothing secret. */
  static final class Stored {
    @FunctionalInterface
    interface Action {
      void run() throws Exception;
    }

    @FunctionalInterface
    interface Read<T> {
      T get() throws Exception;
    }

    static void run(Action action) throws Refusal {
      try {
        action.run();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new Refusal(Refusal.Kind.UNAVAILABLE, "data store: " + e.getMessage());
      }
    }

    static <T> T get(Read<T> read) throws Refusal {
      try {
        return read.get();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new Refusal(Refusal.Kind.UNAVAILABLE, "data store: " + e.getMessage());
      }
    }

    private Stored() {}
  }
}
