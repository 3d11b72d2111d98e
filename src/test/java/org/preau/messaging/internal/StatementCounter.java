package org.preau.messaging.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.stereotype.Component;

/**
 * Test helper: wraps the application's DataSource so that a messaging test can count the SQL statements its own
 * thread prepares between {@link #start()} and {@link #stop()} (a MockMvc request runs on the test's thread, the
 * session's load and save included). Per thread, so background work (the cluster bus, the event registry's
 * asynchronous listeners) never disturbs a count; inert when not counting.
 */
@Component
class StatementCounter implements BeanPostProcessor {

    private static final ThreadLocal<List<String>> STATEMENTS = new ThreadLocal<>();

    static void start() {
        STATEMENTS.set(new ArrayList<>());
    }

    /** Stops counting and returns the statements prepared since {@link #start()}, in order. */
    static List<String> stop() {
        List<String> s = STATEMENTS.get();
        STATEMENTS.remove();
        return s == null ? List.of() : List.copyOf(s);
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource ds && !(bean instanceof Counting)) {
            return new Counting(ds);
        }
        return bean;
    }

    static final class Counting extends DelegatingDataSource {
        Counting(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            return wrap(super.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return wrap(super.getConnection(username, password));
        }

        private static Connection wrap(Connection target) {
            InvocationHandler handler = (proxy, method, args) -> {
                String name = method.getName();
                if (name.equals("prepareStatement") || name.equals("createStatement") || name.equals("prepareCall")) {
                    List<String> s = STATEMENTS.get();
                    if (s != null) {
                        s.add(args != null && args.length > 0 ? String.valueOf(args[0]) : name);
                    }
                }
                try {
                    return method.invoke(target, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            };
            return (Connection) Proxy.newProxyInstance(
                    StatementCounter.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
        }
    }
}
