package io.jenkins.plugins.gitops.testkit.kube;

/**
 * What a DELETE asked for.
 *
 * @param propagationPolicy Background (the default), Foreground or Orphan
 * @param uid               precondition on the object's uid, or null
 * @param resourceVersion   precondition on the object's resourceVersion, or null
 */
public record DeleteOptions(String propagationPolicy, String uid, String resourceVersion) {

    public static DeleteOptions background() {
        return new DeleteOptions("Background", null, null);
    }
}
