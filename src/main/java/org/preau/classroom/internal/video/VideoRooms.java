package org.preau.classroom.internal.video;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The way from a room to its audio and video, on the school's conferencing server: a BigBlueButton meeting or a
 * Jitsi room named after the room. Who is moderator is the room's answer (teachers and staff), never the client's.
 * The BigBlueButton meeting's passwords are derived from the secret and the room, known only to the server.
 */
@Component
@EnableConfigurationProperties(VideoProperties.class)
public class VideoRooms {

    private final VideoProperties properties;
    private final Clock clock;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    public VideoRooms(VideoProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** Whether this school has a conferencing server: the page then shows "rejoindre la visio". */
    public boolean configured(String uai) {
        return properties.forSchool(uai).isPresent();
    }

    /** A fresh link into the room's video for this person, or empty when the school has no server. */
    public Optional<String> join(
            String uai, UUID roomId, String title, UUID accountId, String name, boolean moderator) {
        var s = properties.forSchool(uai);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        String meeting = "preau-" + roomId;
        return switch (s.get().provider()) {
            case BBB -> {
                var bbb = new BigBlueButton(s.get().bbb(), http);
                String moderatorPw = password(s.get().bbb().secret(), roomId, "moderator");
                String attendeePw = password(s.get().bbb().secret(), roomId, "attendee");
                String createTime = bbb.create(meeting, title, moderatorPw, attendeePw);
                yield Optional.of(bbb.joinUrl(
                        meeting,
                        name,
                        accountId.toString(),
                        moderator,
                        moderator ? moderatorPw : attendeePw,
                        createTime));
            }
            case JITSI ->
                Optional.of(new JitsiTokens(s.get().jitsi())
                        .link(meeting, accountId.toString(), name, moderator, clock.instant()));
            case NONE -> Optional.empty();
        };
    }

    /** Ends the room's BigBlueButton meeting when the teacher closes the room (Jitsi rooms end when empty). */
    public void end(String uai, UUID roomId) {
        var s = properties.forSchool(uai);
        if (s.isPresent() && s.get().provider() == VideoProperties.Provider.BBB) {
            new BigBlueButton(s.get().bbb(), http)
                    .end("preau-" + roomId, password(s.get().bbb().secret(), roomId, "moderator"));
        }
    }

    static String password(String secret, UUID roomId, String role) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((roomId + ":" + role).getBytes(StandardCharsets.UTF_8)), 0, 12);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
