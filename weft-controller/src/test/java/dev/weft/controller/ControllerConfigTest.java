package dev.weft.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The controller's YAML: what it accepts, and a clear error for each bad value. */
class ControllerConfigTest {

  @TempDir Path dir;

  private ControllerConfig read(String yaml) throws Exception {
    Path file = dir.resolve("controller.yaml");
    Files.writeString(file, yaml);
    return ControllerConfig.read(file);
  }

  private void refused(String yaml, String... parts) {
    assertThatThrownBy(() -> read(yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessageContainingAll(parts);
  }

  @Test
  void aFullFileIsRead() throws Exception {
    ControllerConfig c =
        read(
            """
            controller:
              id: ctl
            southbound:
              endpoint: 0.0.0.0:7500
            northbound:
              endpoint: 127.0.0.1:7580
              socket: run/controller.sock
            data_store:
              database_type: sqlite3
              connection_string: state/controller.sqlite3
            segments:
              tenant-b:
                topology: star
                hub: slim-0.b
            domains:
              cluster-a: default
              cluster-b: tenant-b
            links:
              - slim-0.a slim-1.a
            limits:
              max_request_bytes: 64KiB
              register_timeout: 3s
            """);
    assertThat(c.id()).isEqualTo("ctl");
    assertThat(c.southbound().getPort()).isEqualTo(7500);
    assertThat(c.adminSocket()).contains(dir.resolve("run/controller.sock"));
    assertThat(c.store().postgres()).isFalse();
    assertThat(c.store().connection())
        .isEqualTo(dir.resolve("state/controller.sqlite3").toString());
    assertThat(c.segments().get("tenant-b").hub()).contains("slim-0.b");
    assertThat(c.domains()).containsEntry("cluster-b", "tenant-b");
    assertThat(c.links()).containsExactly(List.of("slim-0.a", "slim-1.a"));
    assertThat(c.limits().maxRequestBytes()).isEqualTo(64 * 1024);
    assertThat(c.limits().registerTimeout().toSeconds()).isEqualTo(3);
  }

  @Test
  void theSmallestFileHasDefaults() throws Exception {
    ControllerConfig c = read("southbound: {endpoint: 127.0.0.1:0}\n");
    assertThat(c.id()).isEqualTo("controller");
    assertThat(c.northbound()).isEmpty();
    assertThat(c.store().connection()).endsWith("controller.sqlite3");
    assertThat(c.decisionPath().toString()).isEqualTo("weft/fabric/controller");
    assertThat(c.limits()).isEqualTo(ControllerConfig.Limits.DEFAULTS);
  }

  @Test
  void badValuesAreRefusedWithWhereAndWhatWasExpected() {
    refused("controller: {id: x}\n", "southbound", "expected");
    refused("southbound: {endpoint: nowhere}\n", "controller.yaml:1", "endpoint", "host:port");
    refused("southbound: {endpoint: 127.0.0.1:70000}\n", "endpoint", "host:port");
    refused("southbound: {endpoint: 127.0.0.1:0}\ncolour: red\n", "colour");
    refused(
        "southbound: {endpoint: 127.0.0.1:0}\nsegments: {s: {topology: ring}}\n",
        "topology",
        "mesh, star or pairs");
    refused(
        "southbound: {endpoint: 127.0.0.1:0}\nsegments: {s: {topology: mesh, hub: n0}}\n",
        "hub",
        "only a star has one");
    refused(
        "southbound: {endpoint: 127.0.0.1:0}\ndomains: {a: nowhere}\n",
        "domains",
        "a segment declared under segments");
    refused(
        "southbound: {endpoint: 127.0.0.1:0}\nlinks: [\"only-one\"]\n", "links", "two node ids");
    refused(
        "southbound: {endpoint: 127.0.0.1:0}\nlinks: [\"a a\"]\n",
        "links",
        "two different node ids");
    refused(
        "southbound: {endpoint: 127.0.0.1:0}\ndata_store: {database_type: mysql}\n",
        "database_type",
        "sqlite3 or postgres");
    refused(
        "southbound: {endpoint: 127.0.0.1:0}\ndata_store: {database_type: postgres}\n",
        "connection_string",
        "jdbc:postgresql://");
    refused(
        "southbound: {endpoint: 127.0.0.1:0}\nlimits: {max_connections: 0}\n", "max_connections");
  }

  @Test
  void aPostgresPasswordIsNeitherEchoedInErrorsNorShownInToString() throws Exception {
    assertThatThrownBy(
            () ->
                read(
                    "southbound: {endpoint: 127.0.0.1:0}\n"
                        + "data_store: {database_type: postgres, connection_string:"
                        + " 'postgres://u:s3cret@h/db'}\n"))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    ControllerConfig c =
        read(
            "southbound: {endpoint: 127.0.0.1:0}\n"
                + "data_store: {database_type: postgres, connection_string:"
                + " 'jdbc:postgresql://h/db?user=u&password=s3cret'}\n");
    assertThat(c.store().toString()).doesNotContain("s3cret");
  }
}
