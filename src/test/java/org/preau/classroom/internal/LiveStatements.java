package org.preau.classroom.internal;

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
 * Test helper: wraps the application's DataSource so that a classroom test can list the SQL statements prepared
 * while one action goes through, on the thread that handles the socket's frame and on the cluster bus's thread (where
 * a NOTIFY makes a node catch up): an action's cost includes the reads its signal causes. Other threads (schedulers,
 * node heartbeats) are not recorded, so they never disturb a count; inert when not recording.
 */
@Component
class LiveStatements implements BeanPostProcessor {

    /** The thread whose frame is being handled, while recording; null otherwise. */
    private static volatile Thread actor;

    private static final List<String> STATEMENTS = new ArrayList<>();

    static void start() {
        synchronized (STATEMENTS) {
            STATEMENTS.clear();
        }
        actor = Thread.currentThread();
    }

    /** Stops recording and returns the statements recorded since {@link #start()}, in order, with their thread. */
    static List<String> stop() {
        actor = null;
        synchronized (STATEMENTS) {
            return List.copyOf(STATEMENTS);
        }
    }

    private static void record(String sql) {
        Thread a = actor;
        Thread t = Thread.currentThread();
        if (a != null && (t == a || "cluster-bus".equals(t.getName()))) {
            synchronized (STATEMENTS) {
                STATEMENTS.add((t == a ? "[action] " : "[bus] ") + sql.replaceAll("\\s+", " "));
            }
        }
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource ds && !(bean instanceof Recording)) {
            return new Recording(ds);
        }
        return bean;
    }

    static final class Recording extends DelegatingDataSource {
        Recording(DataSource target) {
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
                    record(args != null && args.length > 0 ? String.valueOf(args[0]) : name);
                }
                try {
                    return method.invoke(target, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            };
            return (Connection) Proxy.newProxyInstance(
                    LiveStatements.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
        }
    }
}
