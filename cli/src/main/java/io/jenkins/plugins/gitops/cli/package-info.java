/**
 * The {@code gitops} command line (picocli): each command translates its options into an engine
 * request and prints the engine's result (text, or {@code --output json}, the result's own JSON form);
 * the exit code comes from the exception's kind. No operation is implemented here.
 */
package io.jenkins.plugins.gitops.cli;
