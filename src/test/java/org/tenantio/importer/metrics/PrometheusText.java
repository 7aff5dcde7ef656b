package org.tenantio.importer.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4: every line must be a
 * comment, a HELP or TYPE line, or one sample {@code name{label="value",...} value [timestamp]};
 * anything else fails the test that reads it.
 */
final class PrometheusText {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");
    private static final Pattern VALUE = Pattern.compile("(?:[+-]?(?:\\d+\\.?\\d*(?:[eE][+-]?\\d+)?|\\.\\d+)|[+-]?Inf|NaN)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (\\S+) (counter|gauge|histogram|summary|untyped)");

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private PrometheusText() {
    }

    static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                Matcher m = TYPE.matcher(line);
                require(m.matches(), n, line);
                require(types.put(m.group(1), m.group(2)) == null, n, "second TYPE for " + m.group(1));
            } else if (line.startsWith("#")) {
                continue; // HELP and comments
            } else {
                samples.add(sample(line, n));
            }
        }
        return samples;
    }

    private static Sample sample(String line, int n) {
        Matcher name = NAME.matcher(line);
        require(name.lookingAt(), n, line);
        int at = name.end();
        Map<String, String> labels = new LinkedHashMap<>();
        if (at < line.length() && line.charAt(at) == '{') {
            at++;
            while (line.charAt(at) != '}') {
                Matcher label = LABEL.matcher(line).region(at, line.length());
                require(label.lookingAt(), n, line);
                require(labels.put(label.group(1), unescape(label.group(2))) == null, n, "repeated label: " + line);
                at = label.end();
                if (line.charAt(at) == ',') {
                    at++;
                }
            }
            at++;
        }
        String[] rest = line.substring(at).strip().split(" ");
        require(line.charAt(at) == ' ' && (rest.length == 1 || rest.length == 2), n, line);
        require(VALUE.matcher(rest[0]).matches(), n, line);
        return new Sample(name.group(), labels, Double.parseDouble(rest[0].replace("Inf", "Infinity")));
    }

    private static String unescape(String v) {
        return v.replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
    }

    private static void require(boolean ok, int line, String text) {
        if (!ok) {
            throw new AssertionError("Not Prometheus text format at line " + line + ": " + text);
        }
    }
}
