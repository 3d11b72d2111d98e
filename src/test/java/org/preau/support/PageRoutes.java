package org.preau.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The GET routes the application really serves, read from Spring MVC's own handler mapping, so that a browser test
 * walking them needs no list of pages: a new module's pages are walked as soon as its controller exists.
 */
public final class PageRoutes {

    private static final Pattern VARIABLE = Pattern.compile("\\{\\*?([^}:]+)(?::[^}]*)?}");

    /** One GET route: its pattern and the names of its path variables, in order. */
    public record Route(String pattern, List<String> variables) {

        /** The pattern with each variable replaced by its value ({@code values} must hold every variable). */
        public String fill(Map<String, String> values) {
            Matcher m = VARIABLE.matcher(pattern);
            var out = new StringBuilder();
            while (m.find()) {
                String value = values.get(m.group(1));
                if (value == null) {
                    throw new IllegalArgumentException("No value for {" + m.group(1) + "} in " + pattern);
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            return out.toString();
        }

        public boolean hasVariables() {
            return !variables.isEmpty();
        }
    }

    private PageRoutes() {}

    /** Every pattern answering GET (mappings without a method condition answer every method, GET included). */
    public static List<Route> get(ApplicationContext context) {
        var mapping = context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        var patterns = new TreeSet<String>();
        for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
            var methods = info.getMethodsCondition().getMethods();
            if (methods.isEmpty() || methods.contains(RequestMethod.GET)) {
                patterns.addAll(info.getPatternValues());
            }
        }
        var routes = new ArrayList<Route>();
        for (String p : patterns) {
            var variables = new ArrayList<String>();
            Matcher m = VARIABLE.matcher(p);
            while (m.find()) {
                variables.add(m.group(1));
            }
            routes.add(new Route(p, List.copyOf(variables)));
        }
        return routes;
    }
}
