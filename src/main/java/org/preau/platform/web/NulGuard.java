package org.preau.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.util.WebUtils;

/**
 * Refuses, before any controller, a request whose parameters or upload file names hold a NUL character: no text a
 * person types contains one, PostgreSQL refuses them in text columns (which used to surface as a 500), and file
 * systems cut names at them. The reader gets a plain 400 "invalid character".
 */
@Configuration(proxyBeanMethods = false)
class NulGuard implements WebMvcConfigurer, HandlerInterceptor {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        for (var values : request.getParameterMap().values()) {
            for (String v : values) {
                if (v != null && v.indexOf('\0') >= 0) {
                    throw Problem.badRequest("problem.nul");
                }
            }
        }
        var multipart = WebUtils.getNativeRequest(request, MultipartHttpServletRequest.class);
        if (multipart != null) {
            for (var files : multipart.getMultiFileMap().values()) {
                for (var f : files) {
                    String name = f.getOriginalFilename();
                    if (name != null && name.indexOf('\0') >= 0) {
                        throw Problem.badRequest("problem.nul");
                    }
                }
            }
        }
        return true;
    }
}
