package io.jenkins.plugins.gitops.plugin.triggers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.FreeStyleProject;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.plugin.ClusterTestSupport;
import io.jenkins.plugins.gitops.plugin.LocalRepos;
import io.jenkins.plugins.gitops.render.ManifestParser;
import io.jenkins.plugins.gitops.render.RenderedSet;
import io.jenkins.plugins.gitops.sync.SyncEngine;
import io.jenkins.plugins.gitops.sync.SyncOptions;
import io.jenkins.plugins.gitops.testkit.kube.Json;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
public class GitopsDriftTriggerTest {

    @TempDir
    Path tmp;

    @Test
    void configRoundTrip(JenkinsRule j) throws Exception {
        FreeStyleProject p = j.createFreeStyleProject("heal");
        GitopsDriftTrigger t = new GitopsDriftTrigger("H/10 * * * *", "kfp", "https://git.example.com/ml/kubeflow-gitops.git");
        t.setRevision("main");
        t.setPath("apps/pipelines");
        t.setCredentialsId("git-token");
        t.setCluster("prod");
        t.setApps("katib training-operator");
        p.addTrigger(t);
        p = j.configRoundtrip(p);
        j.assertEqualDataBoundBeans(t, p.getTrigger(GitopsDriftTrigger.class));
    }

    /** Fires on a hand edit and on a branch move, once each, without cloning or rendering on the controller. */
    @Test
    void firesOnDriftAndOnABranchMoveOnceEach(JenkinsRule j) throws Exception {
        Path work = tmp.resolve("repo");
        LocalRepos.create(work, Map.of("apps/web/cm.yaml", ClusterTestSupport.configMap("web")));
        try (KubeEmulator kube = KubeEmulator.start(); Cluster cluster = Cluster.of(kube.config())) {
            RenderedSet set = RenderedSet.of(ManifestParser.parse(ClusterTestSupport.configMap("web"), "cm.yaml"), "c1", "file", "");
            new SyncEngine(cluster).sync(set, SyncOptions.builder("web").namespace("default").build());
            ClusterTestSupport.kubeconfigCredential("kube", kube);
            FreeStyleProject p = j.createFreeStyleProject("heal");
            GitopsDriftTrigger t = new GitopsDriftTrigger("H/10 * * * *", "web", work.toUri().toString());
            t.setRevision("main");
            t.setPath("apps/web");
            ClusterTestSupport.namedCluster("emulator", "kube"); // the trigger polls on the controller: named clusters only
            t.setCluster("emulator");
            p.addTrigger(t);
            t.start(p, true);

            t.poll(p); // in sync, first sight of the branch: baseline
            j.waitUntilNoActivity();
            assertEquals(0, p.getBuilds().size(), log(p));

            kube.apply(Json.readObject("""
                    {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"web","namespace":"default"},"data":{"k":"edited"}}"""),
                    "kubectl-edit");
            t.poll(p);
            t.poll(p); // the same drift again
            j.waitUntilNoActivity();
            assertEquals(1, p.getBuilds().size(), log(p));
            assertTrue(p.getLastBuild().getCause(DriftCause.class).getShortDescription().contains("drifted"), log(p));

            try (Git git = Git.open(work.toFile())) {
                Files.writeString(work.resolve("apps/web/cm.yaml"), ClusterTestSupport.configMap("web2"), StandardCharsets.UTF_8);
                git.add().addFilepattern(".").call();
                PersonIdent me = new PersonIdent("test", "test@example.com");
                git.commit().setMessage("move").setAuthor(me).setCommitter(me).call();
            }
            t.poll(p);
            j.waitUntilNoActivity();
            assertEquals(2, p.getBuilds().size(), log(p));
            assertTrue(log(p).contains("branch at"), log(p));
            assertTrue(!new File(p.getRootDir(), GitopsDriftTrigger.WORK_DIR + "/work").exists(), "no checkout on the controller");
        }
    }

    /** One trigger, three apps: one poll compares them all (one LIST per kind, no GET per object) and fires naming the one that drifted. */
    @Test
    void watchesSeveralAppsInOnePollAndNamesTheOneThatDrifted(JenkinsRule j) throws Exception {
        Path work = tmp.resolve("repo");
        LocalRepos.create(work, Map.of("apps/web/cm.yaml", ClusterTestSupport.configMap("web")));
        try (KubeEmulator kube = KubeEmulator.start(); Cluster cluster = Cluster.of(kube.config())) {
            for (String app : java.util.List.of("web", "api", "db")) {
                RenderedSet set = RenderedSet.of(ManifestParser.parse(ClusterTestSupport.configMap(app), "cm.yaml"), "c1", "file", "");
                new SyncEngine(cluster).sync(set, SyncOptions.builder(app).namespace("default").build());
            }
            ClusterTestSupport.kubeconfigCredential("kube", kube);
            ClusterTestSupport.namedCluster("emulator", "kube");
            FreeStyleProject p = j.createFreeStyleProject("heal-all");
            GitopsDriftTrigger t = new GitopsDriftTrigger("H/10 * * * *", "web", work.toUri().toString());
            t.setApps("api, db");
            t.setRevision("main");
            t.setCluster("emulator");
            p.addTrigger(t);
            t.start(p, true);
            assertEquals(java.util.List.of("web", "api", "db"), t.appNames());

            t.poll(p);
            j.waitUntilNoActivity();
            assertEquals(0, p.getBuilds().size(), log(p));
            assertTrue(log(p).contains("3 app(s)") && log(p).contains("in sync"), log(p));

            kube.apply(Json.readObject("""
                    {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"db","namespace":"default"},"data":{"k":"edited"}}"""),
                    "kubectl-edit");
            kube.requests().reset();
            t.poll(p);
            t.poll(p); // the same drift again
            j.waitUntilNoActivity();
            assertEquals(1, p.getBuilds().size(), log(p));
            String cause = p.getLastBuild().getCause(DriftCause.class).getShortDescription();
            assertTrue(cause.contains("db: ") && !cause.contains("web: ") && !cause.contains("api: "), cause);
            assertEquals(0, kube.requests().count("get"), "no GET per app or object: " + kube.requests().snapshot());
        }
    }

    private static String log(FreeStyleProject p) throws Exception {
        return Files.readString(new File(p.getRootDir(), GitopsDriftTrigger.WORK_DIR + "/poll.log").toPath());
    }
}
