package org.preau.directory.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/** Wraps a DataSource and counts the statements prepared or created on its connections (test code only). */
final class CountingDataSource {

    private final AtomicInteger statements = new AtomicInteger();
    private final DataSource proxy;

    CountingDataSource(DataSource target) {
        this.proxy = (DataSource) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (p, method, args) -> {
                    Object result = invoke(target, method, args);
                    return result instanceof Connection c ? connection(c) : result;
                });
    }

    DataSource dataSource() {
        return proxy;
    }

    int statements() {
        return statements.get();
    }

    void reset() {
        statements.set(0);
    }

    private Connection connection(Connection target) {
        InvocationHandler handler = (p, method, args) -> {
            String name = method.getName();
            if (name.equals("prepareStatement") || name.equals("createStatement") || name.equals("prepareCall")) {
                statements.incrementAndGet();
            }
            return invoke(target, method, args);
        };
        return (Connection)
                Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
