package org.preau.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.preau.support.TestSchool.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.preau.PreauApplication;
import org.preau.support.S3Proxy;
import org.preau.support.SharedPostgres;
import org.preau.support.TestSchool;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * Two Préau nodes with nothing in common but PostgreSQL and one S3 bucket (s3proxy), each with its own data
 * directory: a file uploaded through one is served by the other, ranges and all, and neither keeps a blob on disk.
 */
class TwoNodesTest {

    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;
    static Path dirA;
    static Path dirB;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        var s3 = S3Proxy.get();
        String db = SharedPostgres.newDatabase();
        String bucket = "two-nodes-" + Long.toHexString(System.nanoTime());
        dirA = Files.createTempDirectory(Path.of("target"), "node-a-");
        dirB = Files.createTempDirectory(Path.of("target"), "node-b-");
        nodeA = start(db, s3.properties(bucket), dirA);
        nodeB = start(db, s3.properties(bucket), dirB);
    }

    static ConfigurableApplicationContext start(String db, List<String> s3, Path dataDir) {
        var args = new ArrayList<String>(List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--preau.demo=true",
                "--preau.data-dir=" + dataDir,
                "--preau.db.url=" + db,
                "--preau.db.user=postgres",
                "--preau.db.password="));
        s3.forEach(p -> args.add("--" + p));
        return new SpringApplicationBuilder(PreauApplication.class).run(args.toArray(String[]::new));
    }

    @AfterAll
    static void stop() {
        if (nodeA != null) {
            nodeA.close();
        }
        if (nodeB != null) {
            nodeB.close();
        }
    }

    static MockMvc mvc(ConfigurableApplicationContext node) {
        return MockMvcBuilders.webAppContextSetup((WebApplicationContext) node)
                .apply(springSecurity())
                .build();
    }

    @Test
    void aFileUploadedThroughOneNodeIsServedByTheOther() throws Exception {
        var school = TestSchool.create(nodeA.getBean(JdbcClient.class));
        byte[] pdf = ("%PDF-1.4\n% " + UUID.randomUUID() + "\n" + "x".repeat(100_000) + "\n%%EOF\n")
                .getBytes(StandardCharsets.US_ASCII);
        mvc(nodeA)
                .perform(multipart("/documents/televerser")
                        .file(new MockMultipartFile("file", "commun.pdf", "application/pdf", pdf))
                        .with(csrf())
                        .with(as(school.mathsTeacher)))
                .andExpect(status().is3xxRedirection());
        UUID id = nodeB.getBean(JdbcClient.class)
                .sql("select id from documents_node where owner_id = ? and name = 'commun.pdf'")
                .param(school.mathsTeacher.accountId())
                .query(UUID.class)
                .single();
        mvc(nodeB)
                .perform(get("/documents/fichiers/" + id).with(as(school.mathsTeacher)))
                .andExpect(status().isOk())
                .andExpect(content().bytes(pdf));
        mvc(nodeB)
                .perform(get("/documents/fichiers/" + id)
                        .header("Range", "bytes=0-7")
                        .with(as(school.mathsTeacher)))
                .andExpect(status().isPartialContent())
                .andExpect(content().bytes("%PDF-1.4".getBytes(StandardCharsets.US_ASCII)));
        // No blob on either node's disk: the bytes live in the bucket only.
        for (Path dir : List.of(dirA, dirB)) {
            Path blobs = dir.resolve("files/blobs");
            assertThat(
                            Files.exists(blobs)
                                    ? Files.walk(blobs)
                                            .filter(Files::isRegularFile)
                                            .count()
                                    : 0)
                    .isZero();
        }
    }
}
