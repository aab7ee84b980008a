/**
 * What every part of the engine shares: the one exception family ({@link
 * io.jenkins.plugins.gitops.GitopsException}, whose kind decides a command's exit code), the app-name
 * rule (a DNS-1123 label that names an app's inventory and label) and the one reader of durations. The
 * engine is plain Java 17: no Jenkins type, and no package imports {@code hudson.}, {@code jenkins.}
 * or Stapler (EngineArchitectureTest).
 */
package io.jenkins.plugins.gitops;
