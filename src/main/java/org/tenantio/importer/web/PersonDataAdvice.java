package org.tenantio.importer.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.AbstractJackson2HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;
import org.tenantio.importer.web.ApiKeyFilter;
import org.tenantio.importer.security.Caller;
import org.tenantio.importer.security.FieldGrants;

/**
 * Applies {@link PersonDataMasking} to every JSON body the API writes for a caller who is not an
 * admin, whatever controller made it: one place, so a new endpoint cannot forget it.
 */
@RestControllerAdvice
public class PersonDataAdvice implements ResponseBodyAdvice<Object> {

    private final PersonDataMasking masking;
    private final FieldGrants grants;
    private final ObjectMapper json;

    public PersonDataAdvice(PersonDataMasking masking, FieldGrants grants, ObjectMapper json) {
        this.masking = masking;
        this.grants = grants;
        this.json = json;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return AbstractJackson2HttpMessageConverter.class.isAssignableFrom(converterType)
                || org.springframework.http.converter.StringHttpMessageConverter.class.isAssignableFrom(converterType);
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request, ServerHttpResponse response) {
        Caller caller = caller(request);
        if (body == null || caller == null || caller.isAdmin()) {
            return body;
        }
        if (body instanceof String text) {
            return PersonDataMasking.maskText(text); // the run log, other plain text
        }
        return PersonDataMasking.mask(json.valueToTree(body), policy(caller));
    }

    /** What this caller may not see unmasked. */
    public PersonDataMasking.Policy policy(Caller caller) {
        return masking.policy(grants.of(caller.tenant().id(), caller.role()));
    }

    private static Caller caller(ServerHttpRequest request) {
        return request instanceof ServletServerHttpRequest servlet
                && servlet.getServletRequest().getAttribute(ApiKeyFilter.CALLER) instanceof Caller c ? c : null;
    }
}
