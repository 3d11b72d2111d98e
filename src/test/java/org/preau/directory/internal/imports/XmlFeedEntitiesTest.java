package org.preau.directory.internal.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.support.PreauIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The feed declares a DTD: it is never fetched, and no entity it declares is expanded (XXE, "billion laughs"). A
 * server on loopback stands for the DTD's and the entities' addresses and counts what is asked of it.
 */
@PreauIntegrationTest
class XmlFeedEntitiesTest {

    private static final String SECRET = "SECRET-FROM-THE-SERVER";

    @Autowired
    DirectoryImporter importer;

    @Autowired
    JdbcClient jdbc;

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private String base;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = ("<!ENTITY leak \"" + SECRET + "\">" + SECRET).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private static String parents(Feeds f, String doctype, String family) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + doctype + "\n<ficAlimMENESR>\n"
                + Feeds.person("PersRelEleve", "R1-" + f.s, "Claire", family, "")
                + "</ficAlimMENESR>\n";
    }

    @Test
    void theFeedsDtdIsNeverFetchedAndTheFileIsStillRead() {
        var f = new Feeds();
        String feed = parents(f, "<!DOCTYPE ficAlimMENESR SYSTEM \"" + base + "/ficAlimMENESR.dtd\">", "Martin");

        var report = importer.importAll(List.of(Feeds.source("ENT_PersRelEleve.xml", feed)), "test");

        assertThat(report.accepted()).as(report.toString()).isTrue();
        assertThat(requests).hasValue(0);
    }

    @Test
    void externalEntitiesAreNeitherFetchedNorExpanded() {
        var f = new Feeds();
        var before = Feeds.dump(jdbc);
        String feed = parents(
                f,
                "<!DOCTYPE ficAlimMENESR SYSTEM \"" + base + "/ficAlimMENESR.dtd\" [\n"
                        + "<!ENTITY remote SYSTEM \"" + base + "/secret\">\n"
                        + "<!ENTITY local SYSTEM \"file:///etc/passwd\">\n"
                        + "<!ENTITY % dtd SYSTEM \"" + base + "/parameter.dtd\"> %dtd;\n]>",
                "&remote;&local;&leak;");

        var report = importer.importAll(List.of(Feeds.source("ENT_PersRelEleve.xml", feed)), "test");

        assertThat(report.accepted()).isFalse();
        assertThat(requests).hasValue(0);
        var after = Feeds.dump(jdbc);
        assertThat(after).isEqualTo(before);
        assertThat(after).noneMatch(row -> row.contains(SECRET) || row.contains("root:"));
    }

    @Test
    void nestedEntitiesAreNotExpandedBillionLaughs() {
        var f = new Feeds();
        var before = Feeds.dump(jdbc);
        var doctype = new StringBuilder("<!DOCTYPE ficAlimMENESR [\n<!ENTITY lol0 \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            doctype.append("<!ENTITY lol").append(i).append(" \"");
            doctype.append(("&lol" + (i - 1) + ";").repeat(10)).append("\">\n");
        }
        doctype.append("]>");

        var report = importer.importAll(
                List.of(Feeds.source("ENT_PersRelEleve.xml", parents(f, doctype.toString(), "&lol9;"))), "test");

        assertThat(report.accepted()).isFalse();
        assertThat(report.files().getFirst().errors())
                .extracting(ImportError::code)
                .containsExactly("imports.error.xml.malformed");
        assertThat(Feeds.dump(jdbc)).isEqualTo(before);
    }
}
