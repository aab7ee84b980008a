package io.jenkins.plugins.gitops.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** A readable unified diff (3 lines of context) of two objects shown as YAML with sorted keys. */
final class UnifiedDiff {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CONTEXT = 3;

    private UnifiedDiff() {
    }

    static String yaml(JsonNode node) {
        if (node == null) {
            return "";
        }
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setWidth(Integer.MAX_VALUE);
        o.setSplitLines(false);
        return new Yaml(o).dump(sorted(JSON.convertValue(node, Object.class)));
    }

    @SuppressWarnings("unchecked")
    private static Object sorted(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), sorted(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(UnifiedDiff::sorted).toList();
        }
        return v;
    }

    /** The diff from {@code live} to {@code desired}; "" when they render the same. */
    static String diff(String label, JsonNode live, JsonNode desired) {
        List<String> a = lines(yaml(live));
        List<String> b = lines(yaml(desired));
        int pre = 0;
        while (pre < a.size() && pre < b.size() && a.get(pre).equals(b.get(pre))) {
            pre++;
        }
        int suf = 0;
        while (suf < a.size() - pre && suf < b.size() - pre && a.get(a.size() - 1 - suf).equals(b.get(b.size() - 1 - suf))) {
            suf++;
        }
        List<char[]> ops = new ArrayList<>();
        List<String> text = new ArrayList<>();
        for (int x = 0; x < pre; x++) {
            ops.add(new char[] {' '});
            text.add(a.get(x));
        }
        middle(a.subList(pre, a.size() - suf), b.subList(pre, b.size() - suf), ops, text);
        for (int x = a.size() - suf; x < a.size(); x++) {
            ops.add(new char[] {' '});
            text.add(a.get(x));
        }
        if (ops.stream().allMatch(o -> o[0] == ' ')) {
            return "";
        }
        StringBuilder out = new StringBuilder("--- live/" + label + "\n+++ desired/" + label + "\n");
        int k = 0;
        while (k < ops.size()) {
            if (ops.get(k)[0] == ' ') {
                k++;
                continue;
            }
            int start = Math.max(0, k - CONTEXT);
            int end = k;
            int lastChange = k;
            while (end < ops.size() && (ops.get(end)[0] != ' ' || end - lastChange <= 2 * CONTEXT)) {
                if (ops.get(end)[0] != ' ') {
                    lastChange = end;
                }
                end++;
            }
            end = Math.min(ops.size(), lastChange + CONTEXT + 1);
            int aStart = 1;
            int bStart = 1;
            for (int x = 0; x < start; x++) {
                aStart += ops.get(x)[0] != '+' ? 1 : 0;
                bStart += ops.get(x)[0] != '-' ? 1 : 0;
            }
            int aLen = 0;
            int bLen = 0;
            for (int x = start; x < end; x++) {
                aLen += ops.get(x)[0] != '+' ? 1 : 0;
                bLen += ops.get(x)[0] != '-' ? 1 : 0;
            }
            out.append("@@ -").append(aStart).append(',').append(aLen).append(" +").append(bStart).append(',').append(bLen).append(" @@\n");
            for (int x = start; x < end; x++) {
                out.append(ops.get(x)[0]).append(text.get(x)).append('\n');
            }
            k = end;
        }
        return out.toString();
    }

    /** The edit script of the differing middle: LCS when small enough, else all out and all in. */
    private static void middle(List<String> a, List<String> b, List<char[]> ops, List<String> text) {
        int n = a.size();
        int m = b.size();
        if ((long) n * m > 4_000_000L) {
            a.forEach(l -> {
                ops.add(new char[] {'-'});
                text.add(l);
            });
            b.forEach(l -> {
                ops.add(new char[] {'+'});
                text.add(l);
            });
            return;
        }
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                ops.add(new char[] {' '});
                text.add(a.get(i));
                i++;
                j++;
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                ops.add(new char[] {'-'});
                text.add(a.get(i++));
            } else {
                ops.add(new char[] {'+'});
                text.add(b.get(j++));
            }
        }
    }

    private static List<String> lines(String s) {
        if (s.isEmpty()) {
            return List.of();
        }
        String[] parts = s.split("\n", -1);
        return List.of(parts).subList(0, s.endsWith("\n") ? parts.length - 1 : parts.length);
    }
}
