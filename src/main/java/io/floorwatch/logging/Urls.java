package io.floorwatch.logging;

import java.net.URI;
import java.net.URISyntaxException;

/** How an endpoint is named in logs, exceptions, {@code toString()} and the configuration's description. */
public final class Urls {
    private Urls() {}

    /**
     * Scheme, host and port; user info, path and query hidden ({@code ******}), since webhook URLs often carry their
     * token in the path (Slack, Teams) or the query, and a ClickHouse URL may carry credentials.
     */
    public static String forLog(String url) {
        if (url == null || url.isEmpty()) return url;
        try {
            URI u = new URI(url);
            if (u.getHost() == null) return "******";
            boolean more = (u.getRawPath() != null
                            && !u.getRawPath().isEmpty()
                            && !u.getRawPath().equals("/"))
                    || u.getRawQuery() != null;
            return u.getScheme() + "://" + (u.getRawUserInfo() == null ? "" : "******@") + u.getHost()
                    + (u.getPort() < 0 ? "" : ":" + u.getPort()) + (more ? "/******" : "");
        } catch (URISyntaxException e) {
            return "******";
        }
    }
}
