package io.jenkins.plugins.gitops.kube;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.filter.FilteringParserDelegate;
import com.fasterxml.jackson.core.filter.TokenFilter;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * Reads a LIST answer without its items' {@code metadata.managedFields}: nothing this engine does
 * reads another manager's field sets (a server-side apply resolves ownership on the server), and
 * they are a third of what a LIST of Kubeflow's CRDs weighs (2.5 of 7.1 MB: their field sets mirror
 * the schemas), parsed, kept and copied for nothing. They are skipped token by token, never built.
 */
final class ListAnswer {

    private ListAnswer() {
    }

    /** Everything of a list but the items' managed fields. */
    private static final TokenFilter LIST = Filter.LEVELS[0];

    static JsonNode read(byte[] data) throws IOException {
        if (data.length == 0) {
            return Cluster.JSON.createObjectNode();
        }
        try (JsonParser p = new FilteringParserDelegate(Cluster.JSON.createParser(data), LIST, TokenFilter.Inclusion.INCLUDE_ALL_AND_PATH, true)) {
            JsonNode n = Cluster.JSON.readTree(p);
            return n == null ? Cluster.JSON.createObjectNode() : n;
        }
    }

    /** Level 0: the list ({@code items} goes on), 1: the items array, 2: an item ({@code metadata} goes on), 3: its metadata. */
    private static final class Filter extends TokenFilter {
        private static final Filter[] LEVELS = {new Filter(0), new Filter(1), new Filter(2), new Filter(3)};
        private final int level;

        private Filter(int level) {
            this.level = level;
        }

        @Override
        public TokenFilter includeProperty(String name) {
            return switch (level) {
                case 0 -> name.equals("items") ? LEVELS[1] : INCLUDE_ALL;
                case 2 -> name.equals("metadata") ? LEVELS[3] : INCLUDE_ALL;
                case 3 -> name.equals("managedFields") ? null : INCLUDE_ALL;
                default -> INCLUDE_ALL;
            };
        }

        @Override
        public TokenFilter includeElement(int index) {
            return level == 1 ? LEVELS[2] : INCLUDE_ALL;
        }

        @Override
        public boolean includeEmptyObject(boolean contentsFiltered) {
            return true; // an item whose metadata held nothing but managed fields keeps an empty metadata, as parsed whole
        }

        @Override
        public boolean includeEmptyArray(boolean contentsFiltered) {
            return true; // no items: an empty list, as parsed whole
        }
    }
}
