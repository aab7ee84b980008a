package io.jenkins.plugins.gitops.model;

import java.util.Map;

/**
 * One version of a registered model.
 *
 * @param created    creation time, epoch millis (the registry's {@code createTimeSinceEpoch})
 * @param properties custom properties flattened to strings ({@code stage: production}, {@code accuracy: 0.93})
 */
public record ModelVersion(String id, String name, String registeredModelId, String state, String author, long created,
        Map<String, String> properties) {

    public ModelVersion {
        properties = Map.copyOf(properties == null ? Map.of() : properties);
        author = author == null ? "" : author;
        state = state == null || state.isEmpty() ? "LIVE" : state;
    }

    public boolean live() {
        return "LIVE".equals(state);
    }
}
