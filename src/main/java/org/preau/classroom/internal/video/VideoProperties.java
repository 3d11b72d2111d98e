package org.preau.classroom.internal.video;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The conferencing server a room's "rejoindre la visio" leads to, for the deployment and, where a school uses
 * another, per school (by UAI): {@code preau.classroom.video.provider=bbb}, {@code ...bbb.url},
 * {@code ...bbb.secret}; or {@code jitsi} with {@code ...jitsi.url}, {@code ...jitsi.app-id}, {@code ...jitsi.secret};
 * {@code preau.classroom.video.schools.0311234A.provider=jitsi} and so on. Nothing configured: no video button.
 */
@ConfigurationProperties("preau.classroom.video")
public record VideoProperties(
        @DefaultValue("NONE") Provider provider,
        @DefaultValue Bbb bbb,
        @DefaultValue Jitsi jitsi,
        @DefaultValue Map<String, School> schools) {

    public enum Provider {
        NONE,
        BBB,
        JITSI
    }

    /**
     * BigBlueButton.
     *
     * @param url the API's base, ending in {@code /bigbluebutton/api/}
     * @param checksum {@code sha256} (the default), or {@code sha1} only for a server configured for it
     */
    public record Bbb(
            @DefaultValue("") String url,
            @DefaultValue("") String secret,
            @DefaultValue("sha256") String checksum) {}

    /**
     * Jitsi Meet with token authentication (HS256).
     *
     * @param url the server's base, e.g. {@code https://visio.example.fr/}
     * @param tokenLifetime how long a link lets one in: the link is made at the click, so a few minutes
     */
    public record Jitsi(
            @DefaultValue("") String url,
            @DefaultValue("") String appId,
            @DefaultValue("") String secret,
            @DefaultValue("5m") Duration tokenLifetime) {}

    /** One school's own server, replacing the deployment's. */
    public record School(
            @DefaultValue("NONE") Provider provider,
            @DefaultValue Bbb bbb,
            @DefaultValue Jitsi jitsi) {}

    /** The settings for this school: its own if it has some, else the deployment's; empty when there is none. */
    public Optional<School> forSchool(String uai) {
        var own = schools.get(uai);
        var s = own != null ? own : new School(provider, bbb, jitsi);
        return s.provider() == Provider.NONE ? Optional.empty() : Optional.of(s);
    }
}
