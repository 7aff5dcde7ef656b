package org.tenantio.importer.delivery;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An SFTP destination's host, port, user and remote folder, each checked against a strict
 * pattern so that none of them can close a URI part and open an option of its own; the endpoint
 * URI is assembled from these and from fixed options only.
 */
public record SftpTarget(String host, int port, String user, String path) {

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}[A-Za-z0-9])?");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,63}");
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

    static final String USER_RULE = "may hold only letters, digits and . _ - (at most 64)";

    static boolean validHost(String host) {
        return host != null && HOST.matcher(host).matches();
    }

    static boolean validUser(String user) {
        return user != null && USER.matcher(user).matches();
    }

    /** The destination's parts, checked again at delivery (a stored definition may predate a rule). */
    public static SftpTarget of(Destination d) {
        String host = d.text("host");
        if (!validHost(host)) {
            throw new DeliveryRefused("SFTP host must be a host name or IPv4 address");
        }
        String user = d.text("user");
        if (!validUser(user)) {
            throw new DeliveryRefused("SFTP user " + USER_RULE);
        }
        int port = d.port(22);
        if (port < 1 || port > 65535) {
            throw new DeliveryRefused("SFTP port must be between 1 and 65535");
        }
        return new SftpTarget(host.toLowerCase(Locale.ROOT), port, user, folder(d.text("path")));
    }

    /** The remote folder relative to the login directory, segments checked; "" for the login directory. */
    static String folder(String path) {
        if (path == null) {
            return "";
        }
        String trimmed = path.replaceAll("^/+|/+$", "");
        if (trimmed.isEmpty()) {
            return "";
        }
        for (String segment : trimmed.split("/+")) {
            if (!SEGMENT.matcher(segment).matches() || segment.equals("..")) {
                throw new DeliveryRefused("path segments may hold only letters, digits and . _ - (no '..')");
            }
        }
        return trimmed.replaceAll("/+", "/");
    }

    /** The endpoint: checked parts, the secret by registry name, everything else fixed here. */
    public String endpointUri(boolean password, String secretBean, Path knownHosts) {
        return "sftp://" + host + ":" + port + (path.isEmpty() ? "" : "/" + path)
                + "?username=" + user
                + (password ? "&password=#bean:" + secretBean + "&preferredAuthentications=password"
                            : "&privateKey=#bean:" + secretBean + "&preferredAuthentications=publickey")
                + "&knownHostsFile=RAW(" + knownHosts + ")&strictHostKeyChecking=yes&useUserKnownHostsFile=false"
                + "&tempPrefix=.partial-&autoCreate=true&disconnect=true&binary=true&connectTimeout=10000"
                + "&jschLoggingLevel=WARN";
    }

    public String display(String fileName) {
        return "sftp://" + user + "@" + host + ":" + port + "/" + (path.isEmpty() ? "" : path + "/") + fileName;
    }
}
