/**
 * Benchmarks of the engine against the testkit (renders, syncs, waits, cold and warm caches): where
 * speed is measured; the tests assert no timings.
 */
package io.jenkins.plugins.gitops.bench;
