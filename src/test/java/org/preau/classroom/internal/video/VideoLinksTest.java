package org.preau.classroom.internal.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The conferencing links. The checksum is checked against the example the BigBlueButton API documentation publishes;
 * the calls against {@link BigBlueButtonStandIn}, a local <b>stand-in</b> that validates checksums, meetings and
 * passwords as BigBlueButton does (no real server can run here); Jitsi's token is verified as Jitsi's token module
 * verifies it (HS256 signature with the shared secret, audience, issuer, room, expiry).
 */
class VideoLinksTest {

    static final String SECRET = "639259d4-9dd8-4b25-bf01-95f9567eaf4b";
    final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void theChecksumIsTheOneOfBigBlueButtonsDocumentation() {
        assertThat(BigBlueButton.checksum(
                        "SHA-1",
                        "create",
                        "name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444",
                        SECRET))
                .isEqualTo("1fcbb0c4fc1f039f73aa6d697d2db9ba7f803f17");
        // The same query as Préau writes it (form encoding, space as +).
        var params = new java.util.LinkedHashMap<String, String>();
        params.put("name", "Test Meeting");
        params.put("meetingID", "abc123");
        params.put("attendeePW", "111222");
        params.put("moderatorPW", "333444");
        assertThat(BigBlueButton.query(params))
                .isEqualTo("name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444");
        assertThat(new BigBlueButton(
                                new VideoProperties.Bbb("https://bbb.example/bigbluebutton/api/", SECRET, "sha1"), http)
                        .url("create", params))
                .endsWith("&checksum=1fcbb0c4fc1f039f73aa6d697d2db9ba7f803f17");
        // SHA-256 by default: 64 hex digits.
        assertThat(new BigBlueButton(
                                new VideoProperties.Bbb("https://bbb.example/bigbluebutton/api/", SECRET, ""), http)
                        .url("create", params))
                .containsPattern("&checksum=[0-9a-f]{64}$");
    }

    @Test
    void teachersJoinAsModeratorsAndPupilsAsViewersOnTheSchoolsServer() throws Exception {
        try (var bbb = new BigBlueButtonStandIn(SECRET, "SHA-256")) {
            var rooms = rooms(new VideoProperties.Bbb(bbb.url(), SECRET, "sha256"));
            UUID room = UUID.randomUUID();
            String teacher = rooms.join("0311234A", room, "Maths · 3e B", UUID.randomUUID(), "Ada Lovelace", true)
                    .orElseThrow();
            String pupil = rooms.join("0311234A", room, "Maths · 3e B", UUID.randomUUID(), "Louise Martin", false)
                    .orElseThrow();
            assertThat(get(teacher).statusCode()).isEqualTo(302);
            assertThat(get(pupil).statusCode()).isEqualTo(302);
            assertThat(bbb.joins).extracting(BigBlueButtonStandIn.Joined::role).containsExactly("MODERATOR", "VIEWER");
            assertThat(bbb.meetings).containsOnlyKeys("preau-" + room);
            var client = new BigBlueButton(new VideoProperties.Bbb(bbb.url(), SECRET, "sha256"), http);
            assertThat(client.isMeetingRunning("preau-" + room)).isTrue();

            // A link tampered with (a pupil turning VIEWER into MODERATOR) fails its checksum.
            assertThat(get(pupil.replace("role=VIEWER", "role=MODERATOR")).body())
                    .contains("checksumError");
            // The teacher closes the room: the meeting ends, and an old join link admits no one.
            rooms.end("0311234A", room);
            assertThat(client.isMeetingRunning("preau-" + room)).isFalse();
            assertThat(get(pupil).body()).contains("FAILED");
        }
    }

    @Test
    void aWrongSecretOrAnSha1OnlyServerAreNoticed() throws Exception {
        try (var bbb = new BigBlueButtonStandIn(SECRET, "SHA-1")) {
            var sha256 = rooms(new VideoProperties.Bbb(bbb.url(), SECRET, "sha256"));
            assertThatThrownBy(() -> sha256.join("0311234A", UUID.randomUUID(), "x", UUID.randomUUID(), "y", true))
                    .isInstanceOf(BigBlueButton.VideoUnavailable.class);
            var sha1 = rooms(new VideoProperties.Bbb(bbb.url(), SECRET, "sha1"));
            assertThat(get(sha1.join("0311234A", UUID.randomUUID(), "x", UUID.randomUUID(), "y", true)
                                    .orElseThrow())
                            .statusCode())
                    .isEqualTo(302);
            var wrong = rooms(new VideoProperties.Bbb(bbb.url(), "not-the-secret", "sha1"));
            assertThatThrownBy(() -> wrong.join("0311234A", UUID.randomUUID(), "x", UUID.randomUUID(), "y", true))
                    .isInstanceOf(BigBlueButton.VideoUnavailable.class);
        }
    }

    @Test
    void aJitsiLinkCarriesASignedShortLivedTokenForThatRoomAndUser() throws Exception {
        String secret = "a-jitsi-secret-of-at-least-32-bytes!!";
        Instant now = Instant.parse("2026-12-01T09:00:00Z");
        var jitsi = new VideoProperties.Jitsi("https://visio.example.fr/", "preau", secret, Duration.ofMinutes(5));
        var rooms = new VideoRooms(
                new VideoProperties(
                        VideoProperties.Provider.JITSI, new VideoProperties.Bbb("", "", "sha256"), jitsi, Map.of()),
                Clock.fixed(now, ZoneOffset.UTC));
        UUID room = UUID.randomUUID();
        UUID pupil = UUID.randomUUID();
        String link = rooms.join("0311234A", room, "Maths", pupil, "Louise Martin", false)
                .orElseThrow();
        assertThat(link).startsWith("https://visio.example.fr/preau-" + room + "?jwt=");

        var jwt = SignedJWT.parse(link.substring(link.indexOf("jwt=") + 4));
        assertThat(jwt.verify(new MACVerifier(secret.getBytes(StandardCharsets.UTF_8))))
                .isTrue();
        assertThat(jwt.verify(
                        new MACVerifier("another-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8))))
                .isFalse();
        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getAudience()).containsExactly("jitsi");
        assertThat(claims.getIssuer()).isEqualTo("preau");
        assertThat(claims.getSubject()).isEqualTo("visio.example.fr");
        assertThat(claims.getStringClaim("room")).isEqualTo("preau-" + room);
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(now.plus(Duration.ofMinutes(5)));
        var user = (Map<?, ?>) claims.getJSONObjectClaim("context").get("user");
        assertThat(user.get("id")).isEqualTo(pupil.toString());
        assertThat(user.get("name")).isEqualTo("Louise Martin");
        assertThat(user.get("moderator")).isEqualTo("false");
        assertThat(claims.getBooleanClaim("moderator")).isFalse();
    }

    @Test
    void aSchoolMayHaveItsOwnServerAndNoneMeansNoVideoButton() {
        var own = new VideoProperties.School(
                VideoProperties.Provider.JITSI,
                new VideoProperties.Bbb("", "", "sha256"),
                new VideoProperties.Jitsi(
                        "https://visio.ac.fr/", "ac", "a-jitsi-secret-of-at-least-32-bytes!!", Duration.ofMinutes(5)));
        var props = new VideoProperties(
                VideoProperties.Provider.NONE,
                new VideoProperties.Bbb("", "", "sha256"),
                new VideoProperties.Jitsi("", "", "", Duration.ofMinutes(5)),
                Map.of("0311234A", own));
        var rooms = new VideoRooms(props, Clock.systemUTC());
        assertThat(rooms.configured("0311234A")).isTrue();
        assertThat(rooms.configured("0319999Z")).isFalse();
        assertThat(rooms.join("0319999Z", UUID.randomUUID(), "x", UUID.randomUUID(), "y", false))
                .isEmpty();
    }

    private VideoRooms rooms(VideoProperties.Bbb bbb) {
        return new VideoRooms(
                new VideoProperties(
                        VideoProperties.Provider.BBB,
                        bbb,
                        new VideoProperties.Jitsi("", "", "", Duration.ofMinutes(5)),
                        Map.of()),
                Clock.systemUTC());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
