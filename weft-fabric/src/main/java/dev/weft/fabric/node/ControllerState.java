package dev.weft.fabric.node;

import dev.weft.fabric.Name;
import dev.weft.fabric.internal.HostPorts;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.proto.fabric.v1.ConfigurationCommand;
import dev.weft.proto.fabric.v1.Link;
import dev.weft.proto.fabric.v1.Route;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The links and routes the controller installed on a node, and how a {@link ConfigurationCommand}
 * changes them. Static routes and {@code link_peers} from the node's file are never touched.
 *
 * <p>Used by the control channel's one thread only.
 */
final class ControllerState {

  private static final Logger LOG = LoggerFactory.getLogger(Node.class);

  private final NodeRuntime node;

  /** The controller's links, by the other node's id. */
  private final Map<String, Link> links = new LinkedHashMap<>();

  /** The controller's routes: exact name to next-hop node ids. */
  private Map<Name, List<String>> routes = new LinkedHashMap<>();

  ControllerState(NodeRuntime node) {
    this.node = node;
  }

  /** The routes as installed now, for a Register. */
  List<Route> routes() {
    List<Route> out = new ArrayList<>();
    routes.forEach(
        (name, hops) ->
            out.add(Route.newBuilder().setName(name.toString()).addAllNextHops(hops).build()));
    return out;
  }

  /**
   * Applies {@code command}: links first, then routes. What is malformed or cannot be applied is
   * skipped and named in the returned errors (each {@code what: value (expected: ...)}); the rest
   * applies.
   */
  List<String> apply(ConfigurationCommand command) {
    List<String> errors = new ArrayList<>();
    Map<String, Link> wanted = new LinkedHashMap<>();
    for (Link link : command.getLinksToCreateList()) {
      String problem = check(link);
      if (problem != null) {
        errors.add(problem);
      } else {
        wanted.put(link.getNodeId(), link);
      }
    }
    if (command.getReplace()) {
      for (String nodeId : new ArrayList<>(links.keySet())) {
        if (!wanted.containsKey(nodeId)) {
          removeLink(nodeId);
        }
      }
    }
    for (String nodeId : command.getLinksToDeleteList()) {
      removeLink(nodeId);
    }
    for (Link link : wanted.values()) {
      if (link.equals(links.get(link.getNodeId()))) {
        continue; // held already: an up link stays up
      }
      removeLink(link.getNodeId());
      String problem = addLink(link);
      if (problem != null) {
        errors.add(problem);
      }
    }
    admitted();

    Map<Name, List<String>> next =
        command.getReplace() ? new LinkedHashMap<>() : new LinkedHashMap<>(routes);
    for (String text : command.getRoutesToDeleteList()) {
      try {
        next.remove(Name.parse(text));
      } catch (IllegalArgumentException e) {
        errors.add("routes_to_delete: " + e.getMessage());
      }
    }
    Set<String> linked = new HashSet<>(node.router().linkedNodes());
    for (Route route : command.getRoutesToSetList()) {
      Name name;
      try {
        name = Name.parse(route.getName());
      } catch (IllegalArgumentException e) {
        errors.add("routes_to_set: " + e.getMessage());
        continue;
      }
      String problem = null;
      if (route.getNextHopsCount() == 0) {
        problem = "route " + name + ": no next hops (expected: at least one node id)";
      }
      for (String hop : route.getNextHopsList()) {
        if (problem == null && !links.containsKey(hop) && !linked.contains(hop)) {
          problem =
              "route "
                  + name
                  + ": next hop \""
                  + hop
                  + "\" (expected: a node id this node has a link spec for)";
        }
      }
      if (problem != null) {
        errors.add(problem);
        next.remove(name);
      } else {
        next.put(name, List.copyOf(route.getNextHopsList()));
      }
    }
    routes = next;
    node.router().installRoutes(routes);
    return errors;
  }

  private static String check(Link link) {
    String what = "link " + (link.getNodeId().isEmpty() ? "\"\"" : link.getNodeId());
    try {
      NodeRuntime.checkLinkNode(link.getNodeId());
    } catch (IllegalArgumentException e) {
      return "links_to_create: " + e.getMessage();
    }
    try {
      SpiffeId.parse(link.getSpiffeId());
    } catch (IllegalArgumentException e) {
      return what + ": spiffe_id: \"" + link.getSpiffeId() + "\" (expected: a SPIFFE ID)";
    }
    if (link.getDial()) {
      try {
        HostPorts.parse("endpoint", link.getEndpoint());
      } catch (IllegalArgumentException e) {
        return what + ": " + e.getMessage();
      }
    }
    return null;
  }

  /** Dials or admits {@code link} (checked); null when done, else why not. */
  private String addLink(Link link) {
    String nodeId = link.getNodeId();
    SpiffeId peer = SpiffeId.parse(link.getSpiffeId());
    if (link.getDial()) {
      InetSocketAddress endpoint = HostPorts.parse("endpoint", link.getEndpoint());
      try {
        node.links().dial(nodeId, endpoint, peer);
      } catch (SSLException e) {
        return "link " + nodeId + ": TLS set-up failed: " + e.getMessage();
      }
      LOG.info(
          "fabric node {}: dialling {} ({}) at {} for the controller",
          node.config.id(),
          nodeId,
          peer,
          link.getEndpoint());
    } else {
      LOG.info(
          "fabric node {}: admitting a link from {} ({}) for the controller",
          node.config.id(),
          nodeId,
          peer);
    }
    links.put(nodeId, link);
    return null;
  }

  /** Drops the controller's link to {@code nodeId}, if it has one: closes it, stops redialling. */
  private void removeLink(String nodeId) {
    Link link = links.remove(nodeId);
    if (link == null) {
      return;
    }
    if (link.getDial()) {
      node.links().stop(nodeId);
      return;
    }
    admitted();
    SpiffeId peer = SpiffeId.parse(link.getSpiffeId());
    for (Connection c : node.openConnections()) {
      if (c.kind == Connection.Kind.LINK_IN && c.linkNode.equals(nodeId) && !node.mayLink(peer)) {
        LOG.info(
            "fabric node {}: closing the link from {} ({}): the controller removed it",
            node.config.id(),
            nodeId,
            peer);
        c.channel.close();
      }
    }
  }

  /** Publishes the SPIFFE IDs of the links this node admits for the controller. */
  private void admitted() {
    Set<SpiffeId> peers = new HashSet<>();
    for (Link link : links.values()) {
      if (!link.getDial()) {
        peers.add(SpiffeId.parse(link.getSpiffeId()));
      }
    }
    node.controllerLinkPeers = Set.copyOf(peers);
  }
}
