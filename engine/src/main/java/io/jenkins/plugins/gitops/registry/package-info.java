/**
 * OCI images and registries, for whoever needs them: the image update and Helm charts stored in
 * OCI registries ({@code render.chart}) alike. Owns the image reference as Docker normalizes it
 * ({@link io.jenkins.plugins.gitops.registry.ImageReference}), a small Distribution API client
 * ({@link io.jenkins.plugins.gitops.registry.RegistryClient}: tags with pagination, manifests,
 * digests, platforms, config build times, blobs; anonymous, basic and bearer-token auth; bounded
 * retries on 429/503) with its per-host settings ({@link io.jenkins.plugins.gitops.registry.RegistryOptions},
 * {@link io.jenkins.plugins.gitops.registry.RegistryHostConfig}, {@link io.jenkins.plugins.gitops.registry.RegistryCredentials}),
 * and how a tag reads as a version ({@link io.jenkins.plugins.gitops.registry.SemverTags}).
 *
 * <p>It knows nothing of policies, files or Git: it depends only on the engine's root package
 * (the exceptions) and {@code net}. Failures are {@link io.jenkins.plugins.gitops.registry.RegistryException}
 * (with the HTTP status); bad input (a reference, a platform) is an
 * {@link io.jenkins.plugins.gitops.ImageUpdateException} naming it.
 */
package io.jenkins.plugins.gitops.registry;
