package io.jenkins.plugins.gitops.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gitops.image.edit.Desired;
import io.jenkins.plugins.gitops.image.edit.FileEditor;
import io.jenkins.plugins.gitops.image.edit.MarkerTarget;
import io.jenkins.plugins.gitops.image.edit.ValueChange;
import io.jenkins.plugins.gitops.image.policy.TagQuery;
import io.jenkins.plugins.gitops.image.writeback.GitWriteOptions;
import io.jenkins.plugins.gitops.registry.RegistryClient;
import io.jenkins.plugins.gitops.registry.RegistryHostConfig;
import io.jenkins.plugins.gitops.registry.RegistryOptions;
import io.jenkins.plugins.gitops.source.GitCredentials;
import io.jenkins.plugins.gitops.testkit.git.GitServer;
import io.jenkins.plugins.gitops.testkit.registry.OciRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ImageUpdater#plan}: per image what the files hold, what is chosen and which file, line and
 * field would change, with nothing pushed; then {@link ImageUpdater#update} writes exactly that.
 * Against a real registry (Debian's docker-registry) and the testkit's smart-HTTP Git server.
 */
class ImageUpdatePlanTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: serving}
            spec:
              selector: {matchLabels: {app: serving}}
              template:
                metadata: {labels: {app: serving}}
                spec:
                  containers:
                  - name: trainer
                    image: REGISTRY/ml/trainer:1.0.0
                  - name: web
                    image: REGISTRY/ml/web:v1
            """;
    private static final String ISVC = "spec:\n  predictor:\n    model:\n      storageUri: s3://m/v1 # {\"$gitops\": \"model\"}\n";

    @TempDir
    Path tmp;
    Path bare;
    OciRegistry registry;
    GitServer server;
    String url;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(OciRegistry.available(), "skipped: /usr/bin/docker-registry missing (apt-get install -y docker-registry)");
        registry = OciRegistry.start();
        for (String t : List.of("1.0.0", "1.1.0", "1.2.0", "2.0.0")) {
            registry.push("ml/trainer", t, Instant.parse("2026-01-01T00:00:00Z"));
        }
        registry.push("ml/web", "v2", Instant.parse("2026-01-01T00:00:00Z"));
        bare = tmp.resolve("remote.git");
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
        Path work = tmp.resolve("seed");
        try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
            Files.createDirectories(work.resolve("plain"));
            Files.writeString(work.resolve("plain/deployment.yaml"), DEPLOYMENT.replace("REGISTRY", registry.host()));
            Files.writeString(work.resolve("isvc.yaml"), ISVC);
            git.add().addFilepattern(".").call();
            git.commit().setMessage("seed").setAuthor("s", "s@example.com").setCommitter("s", "s@example.com").setSign(false).call();
            git.push().setRemote(bare.toUri().toString()).add("HEAD:refs/heads/main").call();
        }
        server = GitServer.start().requireLogin("ci", "pw");
        url = server.serve("gitops", bare);
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    private ImageUpdater updater() {
        return new ImageUpdater(new RegistryClient(RegistryOptions.defaults().withHost(
                new RegistryHostConfig(registry.host(), true, null, null))), s -> { });
    }

    /** Through the one factory, as the CLI and the step build them. */
    private List<ImageSpec> images() {
        return List.of(
                ImageSpec.of(TagQuery.builder(registry.host() + "/ml/trainer").strategy("semver").constraint("^1").build(), null,
                        List.of("manifest:plain/deployment.yaml")),
                ImageSpec.of(TagQuery.builder(registry.host() + "/ml/web").tag("v2").verify(true).build(), null,
                        List.of("manifest:plain/deployment.yaml")));
    }

    private static List<FileEditor.Assignment> values() {
        return List.of(new FileEditor.Assignment(new MarkerTarget("isvc.yaml"), new Desired.Value("model", "s3://m/v2")));
    }

    private GitWriteOptions git() {
        return GitWriteOptions.of(url, "main").withCredentials(GitCredentials.usernamePassword("ci", "pw"));
    }

    @Test
    void thePlanIsWhatTheUpdateThenWritesAndItPushesNothing() throws Exception {
        String head = head();

        ImageUpdatePlan plan = updater().plan(images(), values(), git());

        assertThat(server.pushes()).as("a plan pushes nothing").isZero();
        assertThat(head()).isEqualTo(head);
        assertThat(plan.baseRevision()).isEqualTo(head);
        assertThat(plan.branch()).isEqualTo("main");
        String trainer = registry.host() + "/ml/trainer";
        String web = registry.host() + "/ml/web";
        assertThat(plan.images()).extracting(ImageChange::name, ImageChange::current, i -> i.chosen().toString(), ImageChange::changed)
                .containsExactly(tuple(trainer, trainer + ":1.0.0", trainer + ":1.2.0", true), tuple(web, web + ":v1", web + ":v2", true));
        assertThat(plan.images().get(0).reason()).isEqualTo("semver ^1: 1.2.0 of 4 tags");
        assertThat(plan.images().get(0).changes()).extracting(ValueChange::file, ValueChange::line, ValueChange::path)
                .containsExactly(tuple("plain/deployment.yaml", 11, "image"));
        assertThat(plan.images().get(1).changes()).extracting(ValueChange::file, ValueChange::line, ValueChange::path)
                .containsExactly(tuple("plain/deployment.yaml", 13, "image"));
        assertThat(plan.changes()).extracting(ValueChange::subject, ValueChange::oldValue, ValueChange::newValue)
                .containsExactly(tuple(trainer, trainer + ":1.0.0", trainer + ":1.2.0"), tuple(web, web + ":v1", web + ":v2"),
                        tuple("model", "s3://m/v1", "s3://m/v2"));
        assertThat(plan.summary()).startsWith("dry run: 3 value(s) would change on main at " + head.substring(0, 12));
        assertThat(plan.toMap()).containsEntry("dryRun", true).containsEntry("pushed", false).containsEntry("revision", "")
                .containsEntry("baseRevision", head);

        ImageUpdateResult result = updater().update(images(), values(), git(), Map.of("app", "serving"));

        assertThat(result.writeBack().pushed()).isTrue();
        assertThat(result.writeBack().changes()).as("the update writes what the plan listed").isEqualTo(plan.changes());
        assertThat(result.images()).isEqualTo(plan.images());
        assertThat(remoteFile("plain/deployment.yaml")).isEqualTo(DEPLOYMENT.replace("REGISTRY", registry.host())
                .replace("trainer:1.0.0", "trainer:1.2.0").replace("web:v1", "web:v2"));
        assertThat(remoteFile("isvc.yaml")).isEqualTo(ISVC.replace("s3://m/v1", "s3://m/v2"));
        Map<String, Object> map = result.toMap();
        assertThat(map.keySet()).as("a dry run and an update have one form").containsExactlyElementsOf(plan.toMap().keySet());
        assertThat(map).containsEntry("images", plan.toMap().get("images")).containsEntry("changes", plan.toMap().get("changes"))
                .containsEntry("revision", head()).containsEntry("shortRevision", head().substring(0, 12))
                .containsEntry("baseRevision", head).containsEntry("pushed", true).containsEntry("dryRun", false);
    }

    @Test
    void aPlanOnAnUpToDateBranchListsNoChange() throws Exception {
        updater().update(images(), values(), git(), Map.of());
        String head = head();

        ImageUpdatePlan plan = updater().plan(images(), values(), git());

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.images()).extracting(ImageChange::changed, ImageChange::current).containsExactly(tuple(false, ""), tuple(false, ""));
        assertThat(plan.images()).extracting(ImageChange::line)
                .containsExactly(registry.host() + "/ml/trainer: unchanged " + registry.host() + "/ml/trainer:1.2.0",
                        registry.host() + "/ml/web: unchanged " + registry.host() + "/ml/web:v2");
        assertThat(plan.summary()).startsWith("nothing to change");
        assertThat(plan.baseRevision()).isEqualTo(head);
        assertThat(server.pushes()).isEqualTo(1);
    }

    @Test
    void theJsonIsTheMapWithItsFieldsInOrder() throws Exception {
        ImageUpdateResult result = updater().update(images(), values(), git(), Map.of("app", "serving"));

        Map<?, ?> json = new ObjectMapper().readValue(result.toJson(), Map.class);

        assertThat(json).isEqualTo(result.toMap());
        assertThat(json.keySet().stream().map(String::valueOf).toList()).containsExactly("images", "changes", "revision", "shortRevision", "baseRevision", "pushed", "branch",
                "attempts", "summary", "dryRun");
        assertThat((List<?>) json.get("images")).first().isEqualTo(Map.of("name", registry.host() + "/ml/trainer",
                "old", registry.host() + "/ml/trainer:1.0.0", "new", registry.host() + "/ml/trainer:1.2.0", "newTag", "1.2.0",
                "newDigest", "", "reason", "semver ^1: 1.2.0 of 4 tags", "changed", true));
        assertThat((List<?>) json.get("changes")).last().isEqualTo(Map.of("subject", "model", "file", "isvc.yaml", "line", 4,
                "path", "marker model", "old", "s3://m/v1", "new", "s3://m/v2"));
    }

    private String head() throws Exception {
        try (Repository repo = new FileRepositoryBuilder().setGitDir(bare.toFile()).build()) {
            return repo.resolve("refs/heads/main").name();
        }
    }

    private String remoteFile(String path) throws Exception {
        try (Repository repo = new FileRepositoryBuilder().setGitDir(bare.toFile()).build(); RevWalk walk = new RevWalk(repo)) {
            var commit = walk.parseCommit(repo.resolve("refs/heads/main"));
            try (TreeWalk tw = TreeWalk.forPath(repo, path, commit.getTree())) {
                return new String(repo.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
