package io.floorwatch.sink;

import java.net.URI;
import java.net.URISyntaxException;

/** How the sinks name an endpoint in logs, exceptions and {@code toString()}. */
public final class Urls {
    private Urls() {}

    /**
     * Only {@code scheme://host:port}: user info, path and query never appear, since webhook URLs often carry their
     * token in the path (Slack, Teams) or the query, and a ClickHouse URL may carry credentials.
     */
    public static String forLog(String url) {
        if (url == null || url.isEmpty()) return url;
        try {
            URI u = new URI(url);
            if (u.getHost() == null) return "(unreadable URL)";
            return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
        } catch (URISyntaxException e) {
            return "(unreadable URL)";
        }
    }
}
