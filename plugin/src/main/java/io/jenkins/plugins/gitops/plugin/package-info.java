/**
 * The Jenkins face of the engine, in packages by role: {@code steps} (Pipeline steps), {@code
 * builders} (their freestyle forms), {@code triggers}, {@code cluster} (named clusters, access,
 * waits), {@code credentials}, {@code agent} (the work sent to the agent holding the workspace) and
 * {@code ui} (run and job pages, form checks). Each translates parameters for the engine and returns
 * its result; no operation is implemented here. {@link io.jenkins.plugins.gitops.plugin.LegacyNames}
 * keeps what was saved under the names from before the split loadable.
 */
package io.jenkins.plugins.gitops.plugin;
