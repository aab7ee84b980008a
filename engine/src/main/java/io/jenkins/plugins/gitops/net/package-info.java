/**
 * HTTP plumbing the engine's clients share: TLS trust made of the JDK's CAs plus those of a PEM file,
 * per client, never the JVM-wide trust store of a Jenkins agent.
 */
package io.jenkins.plugins.gitops.net;
