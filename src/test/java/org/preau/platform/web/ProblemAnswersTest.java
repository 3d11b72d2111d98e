package org.preau.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.preau.identity.Accounts;
import org.preau.support.HttpUser;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every refusal a browser can meet is the platform's page (never JSON, never Tomcat's "HTTP Status" report), in the
 * reader's language, and every API refusal is problem details in that language; all of them carry the security
 * headers. Over real HTTP, so that the servlet container's own answers are covered too.
 */
@PreauIntegrationTest
class ProblemAnswersTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.context.ApplicationContext applicationContext;

    @org.junit.jupiter.api.BeforeEach
    void realCsrfRepository() {
        org.preau.support.RealCsrf.restore(applicationContext);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Accounts accounts;

    private HttpUser signedIn(org.preau.identity.CurrentUser who) throws Exception {
        accounts.setPassword(who.accountId(), "une phrase de passe assez longue");
        var user = new HttpUser(port);
        var login = user.logIn(who.login(), "une phrase de passe assez longue", false);
        assertThat(login.statusCode()).isEqualTo(302);
        // A new CSRF token comes with the first page after log-in, as in a browser.
        assertThat(user.get("/profil").statusCode()).isEqualTo(200);
        assertThat(user.csrfToken()).isNotEmpty();
        return user;
    }

    @Test
    void anUnknownPageIsTheNotFoundPageNotJson() throws Exception {
        // Signed out, any page but the public ones leads to the log-in page (existing or not, nothing is told).
        assertThat(new HttpUser(port).get("/ecoles").statusCode()).isEqualTo(302);

        var school = TestSchool.create(jdbc);
        var user = signedIn(school.head);
        var response = user.get("/ecoles");
        assertPage(response, 404, "Page introuvable");
        assertThat(response.body()).doesNotContain("No static resource");
        assertPage(user.get("/ecoles?lang=en"), 404, "Page not found");
    }

    @Test
    void theApiAnswersProblemDetailsInTheReadersLanguage() throws Exception {
        var anonymous = new HttpUser(port).get("/api/v1/me", "application/json");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(anonymous.body()).contains("\"status\":401", "Connectez-vous d’abord");

        var school = TestSchool.create(jdbc);
        var pupil = signedIn(school.pupil);
        var missing = pupil.get("/api/v1/work/" + UUID.randomUUID(), "application/json");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("\"status\":404", "n’existe pas");
        assertSecurityHeaders(missing);
    }

    @Test
    void aForbiddenPageIsThePlatformPage() throws Exception {
        var school = TestSchool.create(jdbc);
        var head = signedIn(school.head);
        // The imports are the operator's; a head of school following a link there gets a page, not JSON.
        assertPage(head.get("/admin/imports"), 403, "Accès refusé");
        var pupil = signedIn(school.pupil);
        assertPage(pupil.get("/admin"), 403, "Accès refusé");
    }

    @Test
    void aMalformedIdInThePathIsNotFound() throws Exception {
        var school = TestSchool.create(jdbc);
        var pupil = signedIn(school.pupil);
        assertPage(pupil.get("/travail/not-an-id"), 404, "Page introuvable");
        assertPage(pupil.get("/travail/" + UUID.randomUUID()), 404, "Page introuvable");
    }

    @Test
    void anUploadOverTheLimitIsAnsweredWithTheLimit() throws Exception {
        var school = TestSchool.create(jdbc);
        var pupil = signedIn(school.pupil);
        byte[] big = new byte[61 * 1024 * 1024];
        Arrays.fill(big, (byte) 'a');
        var response = multipart(pupil, "/travail/" + UUID.randomUUID() + "/depot", "photo.jpg", big);
        assertPage(response, 413, "Envoi trop volumineux");
        assertThat(response.body()).contains("60 Mo");
    }

    @Test
    void anOversizedFormAsABrowserSendsItIsAnsweredWithTheLimit() throws Exception {
        // A browser's form carries the CSRF token only in its body: the security filter reads that body first, and
        // the servlet container refuses it there, before Spring MVC.
        var school = TestSchool.create(jdbc);
        var pupil = signedIn(school.pupil);
        byte[] big = new byte[61 * 1024 * 1024];
        Arrays.fill(big, (byte) 'a');
        var response = multipart(pupil, "/travail/" + UUID.randomUUID() + "/depot", "photo.jpg", big, false);
        assertPage(response, 413, "Envoi trop volumineux");
        assertThat(response.body()).contains("60 Mo");
        var english = multipart(pupil, "/travail/" + UUID.randomUUID() + "/depot?lang=en", "photo.jpg", big, false);
        assertPage(english, 413, "Upload too large");
        assertThat(english.body()).contains("60 MB");
    }

    @Test
    void aNulCharacterInAFileNameIsABadRequestNotACrash() throws Exception {
        var school = TestSchool.create(jdbc);
        var pupil = signedIn(school.pupil);
        var response =
                multipart(pupil, "/travail/" + UUID.randomUUID() + "/depot", "devoir\u0000.pdf", "%PDF-1.4".getBytes());
        assertPage(response, 400, "caractère invalide");
    }

    @Test
    void aNulCharacterInAFormFieldIsABadRequest() throws Exception {
        var response = new HttpUser(port).post("/connexion", Map.of("username", "a\u0000b", "password", "x"));
        assertPage(response, 400, "caractère invalide");
    }

    @Test
    void whatTomcatRefusesItselfIsOurPageToo() throws Exception {
        // A request line Tomcat refuses before any servlet: an invalid percent-encoding.
        String raw = send("GET /%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(raw).startsWith("HTTP/1.1 400");
        assertThat(raw).doesNotContain("Apache Tomcat", "HTTP Status").contains("Préau", "erreur 400");
    }

    private HttpResponse<String> multipart(HttpUser user, String path, String filename, byte[] content)
            throws Exception {
        return multipart(user, path, filename, content, true);
    }

    /** A multipart post; {@code tokenHeader} false sends the CSRF token only in the body, as a page's form does. */
    private HttpResponse<String> multipart(
            HttpUser user, String path, String filename, byte[] content, boolean tokenHeader) throws Exception {
        String boundary = "----preau" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + user.csrfToken()
                        + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"fichiers\"; filename=\"" + filename
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return user.send(path, r -> {
            r.header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .header("Accept", "text/html")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
            return tokenHeader ? r.header("X-XSRF-TOKEN", user.csrfToken()) : r;
        });
    }

    @Autowired
    ErrorPageController errorPage;

    /**
     * Seen in the attack benchmark: a log-in's new session, saved by Spring Session's filter after the controller,
     * lost its connection at the commit, and the visitor got the 500 page with a reference. Outside MVC as inside, a
     * database that does not answer is the 503 with its Retry-After.
     */
    @Test
    void aDatabaseFailureOutsideMvcIsTheDatabaseBusyAnswer() throws Exception {
        var request = new org.springframework.mock.web.MockHttpServletRequest("POST", "/error");
        request.addHeader("Accept", "text/html");
        request.setAttribute(jakarta.servlet.RequestDispatcher.ERROR_STATUS_CODE, 500);
        request.setAttribute(jakarta.servlet.RequestDispatcher.ERROR_REQUEST_URI, "/connexion");
        request.setAttribute(
                jakarta.servlet.RequestDispatcher.ERROR_EXCEPTION,
                new org.springframework.dao.DataAccessResourceFailureException(
                        "JDBC commit; An I/O error occurred while sending to the backend.",
                        new java.sql.SQLException("An I/O error occurred", "08006")));
        var response = new org.springframework.mock.web.MockHttpServletResponse();
        errorPage.error(request, response);
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("10");
        assertThat(response.getContentAsString()).contains("<main").doesNotContain("HTTP Status");

        // Anything else that failed outside MVC stays the 500 page.
        var other = new org.springframework.mock.web.MockHttpServletRequest("GET", "/error");
        other.addHeader("Accept", "text/html");
        other.setAttribute(jakarta.servlet.RequestDispatcher.ERROR_STATUS_CODE, 500);
        other.setAttribute(jakarta.servlet.RequestDispatcher.ERROR_EXCEPTION, new IllegalStateException("bug"));
        var otherResponse = new org.springframework.mock.web.MockHttpServletResponse();
        errorPage.error(other, otherResponse);
        assertThat(otherResponse.getStatus()).isEqualTo(500);
        assertThat(otherResponse.getHeader("Retry-After")).isNull();
    }

    private String send(String request) throws Exception {
        try (var socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void assertPage(HttpResponse<String> response, int status, String text) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(response.body()).contains("<main", text).doesNotContain("HTTP Status", "\"status\":");
        assertSecurityHeaders(response);
    }

    private static void assertSecurityHeaders(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'");
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
    }
}
