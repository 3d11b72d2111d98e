package org.preau.classroom.internal;

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

    /** Small frames only: a chat line, a stroke of at most a thousand points. */
    @Bean
    ServletServerContainerFactoryBean classroomWebSocketContainer() {
        var container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(64 * 1024);
        container.setMaxSessionIdleTimeout(LiveHub.HEARTBEAT.toMillis() * 4);
        return container;
    }
}
