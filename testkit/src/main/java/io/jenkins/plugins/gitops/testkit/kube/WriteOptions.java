package io.jenkins.plugins.gitops.testkit.kube;

/**
 * Query options of a write.
 *
 * @param fieldManager the {@code fieldManager} parameter, or the manager derived from the User-Agent
 * @param force        {@code force=true}: an apply takes fields from other managers instead of failing
 * @param dryRun       {@code dryRun=All}: everything is computed and answered, nothing is stored
 * @param version      the API version the request was made in; answers carry it as {@code apiVersion}
 */
public record WriteOptions(String fieldManager, boolean force, boolean dryRun, String version) {
}
