package io.jenkins.plugins.gitops.model;

/** A registered model: the name a team trains new versions of. {@code state} is LIVE or ARCHIVED. */
public record RegisteredModel(String id, String name, String state) {
}
