package org.preau.platform;

import java.net.InetAddress;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Demo mode has well-known accounts with the password {@code demo}: it must never be reachable from the network,
 * so the server then binds to the loopback interface only, whatever {@code server.address} says.
 */
@Component
class DemoLoopbackBinding implements WebServerFactoryCustomizer<ConfigurableWebServerFactory> {

    private final PreauProperties properties;

    DemoLoopbackBinding(PreauProperties properties) {
        this.properties = properties;
    }

    @Override
    public void customize(ConfigurableWebServerFactory factory) {
        if (properties.demo()) {
            factory.setAddress(InetAddress.getLoopbackAddress());
        }
    }
}
