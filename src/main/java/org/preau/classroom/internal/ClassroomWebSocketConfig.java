package org.preau.classroom.internal;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * Registers the room's socket. No {@code setAllowedOrigins}: Spring then accepts a browser's handshake only from
 * Préau's own origin (the {@code Origin} header must match the request's host), which is the CSRF defence of a
 * WebSocket; behind a proxy, the proxy must forward {@code Host} (and {@code X-Forwarded-*}) unchanged.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class ClassroomWebSocketConfig implements WebSocketConfigurer {

    private final ClassroomSocket socket;

    ClassroomWebSocketConfig(ClassroomSocket socket) {
        this.socket = socket;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(socket, "/classe/*/direct").addInterceptors(socket);
    }

    /**
     * The largest text frame a connection takes, in chars. Tomcat allocates a buffer of this many chars for every
     * connection up front, so it is heap per participant (64 K chars were 128 KB of the ~205 KB per connection the
     * load scenario measured): sized to the largest legal action, a stroke of {@code RoomService.MAX_POINTS} points at
     * the largest coordinates (~10 K chars), with room for JSON's escaping of a chat line or a poll; a larger frame
     * closes the connection (1009), and the page reconnects.
     */
    static final int MAX_FRAME_CHARS = 16 * 1024;

    /**
     * A few handshakes at a time (ADR 0088), between the surge filter and Spring Security: {@code
     * preau.classroom.handshakes-in-flight} (default 4) served at once, the others waiting their turn up to {@code
     * preau.classroom.handshake-wait} (default 10 s).
     */
    @Bean
    FilterRegistrationBean<HandshakeGate> classroomHandshakeGate(
            @Value("${preau.classroom.handshakes-in-flight:4}") int inFlight,
            @Value("${preau.classroom.handshake-wait:10s}") Duration maxWait,
            QuietTurns turns) {
        var registration = new FilterRegistrationBean<>(new HandshakeGate(inFlight, maxWait, turns));
        registration.setOrder(GATE_ORDER);
        registration.addUrlPatterns("/classe/*");
        registration.setName("classroomHandshakeGate");
        return registration;
    }

    /** Just before Spring Security's chain, and after the surge filter (which is one before this). */
    static final int GATE_ORDER = SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1;

    /** Small frames only: a chat line, a stroke of at most a thousand points; no binary frames at all. */
    @Bean
    ServletServerContainerFactoryBean classroomWebSocketContainer() {
        var container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(MAX_FRAME_CHARS);
        container.setMaxBinaryMessageBufferSize(1024);
        container.setMaxSessionIdleTimeout(LiveHub.HEARTBEAT.toMillis() * 4);
        return container;
    }
}
