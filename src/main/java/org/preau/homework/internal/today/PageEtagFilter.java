package org.preau.homework.internal.today;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.DigestUtils;
import org.springframework.web.filter.ShallowEtagHeaderFilter;

/**
 * ETags for the work pages (/travail/…; "Aujourd'hui" keeps its own, see TodayPages), so that a repeat visit costs a 304. Spring Security masks
 * the CSRF token afresh on every response, which would make every body differ: the ETag is computed on the body
 * with the masked values blanked, plus the real token from its cookie (a new token, e.g. after log-in, still
 * changes the ETag, so a cached page never carries a dead token).
 */
public class PageEtagFilter extends ShallowEtagHeaderFilter {

    private static final Pattern MASKED = Pattern.compile("name=\"_csrf\" value=\"[^\"]*\"");
    private static final ThreadLocal<String> TOKEN = new ThreadLocal<>();

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !"GET".equals(request.getMethod()) || !(path.startsWith("/travail/") && !path.endsWith(".zip"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        TOKEN.set(cookie(request, "XSRF-TOKEN") + "|" + request.getHeader("Accept-Language"));
        try {
            super.doFilterInternal(request, response, chain);
        } finally {
            TOKEN.remove();
        }
    }

    @Override
    protected String generateETagHeaderValue(InputStream body, boolean weak) throws IOException {
        String html = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        String stable = MASKED.matcher(html).replaceAll("") + "\n" + TOKEN.get();
        String hash = DigestUtils.md5DigestAsHex(stable.getBytes(StandardCharsets.UTF_8));
        return (weak ? "W/\"" : "\"") + hash + "\"";
    }

    private static String cookie(HttpServletRequest request, String name) {
        if (request.getCookies() == null) {
            return "";
        }
        for (Cookie c : request.getCookies()) {
            if (name.equals(c.getName())) {
                return c.getValue();
            }
        }
        return "";
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {
        @Bean
        FilterRegistrationBean<PageEtagFilter> homeworkPageEtagFilter() {
            var filter = new PageEtagFilter();
            // Weak: Tomcat does not compress responses carrying a strong ETag (the bytes would differ).
            filter.setWriteWeakETag(true);
            var bean = new FilterRegistrationBean<>(filter);
            bean.addUrlPatterns("/*");
            bean.setName("homeworkPageEtagFilter");
            return bean;
        }
    }
}
