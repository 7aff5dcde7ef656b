package org.tenantio.importer.web.console;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.util.UriComponentsBuilder;
import org.tenantio.importer.system.Page;

/** Server-side paging of a listing: where this page starts and ends, and the links to the pages beside it. */
public record Paging(long first, long last, long total, String previous, String next) {

    static final int SIZE = 25;

    static long offset(int page) {
        return (long) Math.max(0, page) * SIZE;
    }

    static Paging of(Page<?> page, HttpServletRequest request) {
        long offset = page.offset();
        int index = (int) (offset / SIZE);
        String previous = offset > 0 ? link(request, index - 1) : null;
        String next = offset + page.items().size() < page.total() ? link(request, index + 1) : null;
        return new Paging(page.items().isEmpty() ? 0 : offset + 1, offset + page.items().size(), page.total(), previous, next);
    }

    private static String link(HttpServletRequest request, int index) {
        String query = request.getQueryString();
        return UriComponentsBuilder.fromPath(request.getRequestURI()).query(query)
                .replaceQueryParam("page", index).build().toUriString();
    }
}
