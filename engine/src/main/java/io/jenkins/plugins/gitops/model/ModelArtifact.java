package io.jenkins.plugins.gitops.model;

/** Where a model version's files are ({@code s3://...}, {@code oci://...}, {@code pvc://...}) and in which format. */
public record ModelArtifact(String id, String name, String uri, String formatName, String formatVersion) {

    public ModelArtifact {
        uri = uri == null ? "" : uri;
        formatName = formatName == null ? "" : formatName;
        formatVersion = formatVersion == null ? "" : formatVersion;
    }
}
