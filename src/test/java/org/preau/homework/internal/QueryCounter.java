package org.preau.homework.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.stereotype.Component;

/**
 * Test helper: wraps the application's DataSource so that a test can count the SQL statements its own thread
 * prepares while a request runs ({@link #start()} / {@link #stop()}). Counting is per thread, so background work
 * (the cluster bus, session cleanup) never disturbs a count. Cheap and inert when not counting.
 */
@Component
class QueryCounter implements BeanPostProcessor {

    private static final ThreadLocal<int[]> COUNT = new ThreadLocal<>();

    static void start() {
        COUNT.set(new int[1]);
    }

    /** Stops counting and returns the number of statements prepared or created since {@link #start()}. */
    static int stop() {
        int[] c = COUNT.get();
        COUNT.remove();
        return c == null ? 0 : c[0];
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource ds && !(bean instanceof CountingDataSource)) {
            return new CountingDataSource(ds);
        }
        return bean;
    }

    static final class CountingDataSource extends DelegatingDataSource {
        CountingDataSource(DataSource target) {
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
                    int[] c = COUNT.get();
                    if (c != null) {
                        c[0]++;
                        if (System.getProperty("preau.debug.sql") != null && args != null && args.length > 0) {
                            System.out.println("DEBUG SQL " + args[0]);
                        }
                    }
                }
                try {
                    return method.invoke(target, args);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause();
                }
            };
            return (Connection) Proxy.newProxyInstance(
                    QueryCounter.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
        }
    }
}
