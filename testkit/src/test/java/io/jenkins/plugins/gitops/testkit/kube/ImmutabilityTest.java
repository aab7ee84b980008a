package io.jenkins.plugins.gitops.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fields kube-apiserver refuses to change in place: 422 Invalid with the server's message, on
 * apply, merge patch and PUT, dry runs included, nothing stored; creating is never refused.
 */
class ImmutabilityTest {

    private static final String DEPLOYS = "/apis/apps/v1/namespaces/default/deployments";
    private KubeEmulator kube;
    private Http http;

    @BeforeEach
    void start() {
        kube = KubeEmulator.start();
        http = new Http(kube);
    }

    @AfterEach
    void stop() {
        kube.close();
    }

    private static String deployment(String app) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  selector: {matchLabels: {app: %s}}
                  template:
                    metadata: {labels: {app: %s}}
                    spec: {containers: [{name: c, image: nginx:1}]}
                """.formatted(app, app);
    }

    private void assertInvalid(Http.Response r, String message) {
        assertThat(r.code()).as(r.body().toString()).isEqualTo(422);
        assertThat(r.body().path("reason").asText()).isEqualTo("Invalid");
        assertThat(r.message()).isEqualTo(message);
    }

    @Test
    void deploymentSelectorIsImmutableOnApplyPatchPutAndDryRun() {
        assertThat(http.apply(DEPLOYS + "/web", "gitops", deployment("web")).code()).isEqualTo(200);
        String rv = http.get(DEPLOYS + "/web").body().at("/metadata/resourceVersion").asText();
        String msg = "Deployment.apps \"web\" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web2\"}, "
                + "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable";
        assertInvalid(http.apply(DEPLOYS + "/web", "gitops", deployment("web2")), msg);
        assertInvalid(http.apply(DEPLOYS + "/web?dryRun=All", "gitops", true, deployment("web2")), msg);
        assertInvalid(http.patch(DEPLOYS + "/web", Http.MERGE, TestJson.json("{'spec':{'selector':{'matchLabels':{'app':'web2'}}}}")), msg);
        assertInvalid(http.put(DEPLOYS + "/web", Http.yaml(deployment("web2"))), msg);
        assertThat(http.get(DEPLOYS + "/web").body().at("/metadata/resourceVersion").asText()).isEqualTo(rv);
        // what may change still changes, and a new object takes any selector
        assertThat(http.patch(DEPLOYS + "/web", Http.MERGE, TestJson.json("{'spec':{'replicas':3}}")).code()).isEqualTo(200);
        assertThat(http.apply(DEPLOYS + "/web2", "gitops", deployment("web2").replace("name: web}", "name: web2}")).code()).isEqualTo(200);
    }

    @Test
    void replicaSetAndDaemonSetSelectors() {
        for (String kind : new String[] {"ReplicaSet", "DaemonSet"}) {
            String path = "/apis/apps/v1/namespaces/default/" + kind.toLowerCase() + "s/web";
            http.apply(path, "gitops", deployment("web").replace("Deployment", kind));
            Http.Response r = http.apply(path, "gitops", deployment("web").replace("Deployment", kind)
                    .replace("matchLabels: {app: web}", "matchExpressions: [{key: app, operator: In, values: [web, api]}]"));
            assertInvalid(r, kind + ".apps \"web\" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), "
                    + "MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:\"app\", Operator:\"In\", Values:[]string{\"web\", \"api\"}}}}"
                    + ": field is immutable");
        }
    }

    @Test
    void statefulSetAllowsOnlyReplicasTemplateStrategyAndFriends() {
        String path = "/apis/apps/v1/namespaces/default/statefulsets/db";
        String sts = """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: db}
                spec:
                  serviceName: db
                  replicas: 1
                  selector: {matchLabels: {app: db}}
                  template:
                    metadata: {labels: {app: db}}
                    spec: {containers: [{name: c, image: postgres:16}]}
                  volumeClaimTemplates:
                  - metadata: {name: data}
                    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
                """;
        http.apply(path, "gitops", sts);
        String forbidden = "StatefulSet.apps \"db\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', "
                + "'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
        assertInvalid(http.apply(path, "gitops", sts.replace("serviceName: db", "serviceName: db2")), forbidden);
        assertInvalid(http.apply(path + "?dryRun=All", "gitops", sts.replace("storage: 1Gi", "storage: 2Gi")), forbidden);
        assertInvalid(http.apply(path, "gitops", sts.replace("{app: db}}\n  template", "{app: db, tier: x}}\n  template")), forbidden);
        assertThat(http.apply(path, "gitops", sts.replace("replicas: 1", "replicas: 3").replace("postgres:16", "postgres:17")).code()).isEqualTo(200);
    }

    @Test
    void jobSelectorAndTemplateExceptWhatASuspendedJobMayChange() {
        String path = "/apis/batch/v1/namespaces/default/jobs/migrate";
        String job = """
                apiVersion: batch/v1
                kind: Job
                metadata: {name: migrate}
                spec:
                  suspend: %s
                  template:
                    metadata: {labels: {app: migrate}}
                    spec:
                      restartPolicy: Never
                      containers: [{name: c, image: %s}]
                """;
        http.apply(path, "gitops", job.formatted("false", "tool:1"));
        Http.Response r = http.apply(path, "gitops", job.formatted("false", "tool:2"));
        assertThat(r.code()).isEqualTo(422);
        assertThat(r.message()).startsWith("Job.batch \"migrate\" is invalid: spec.template: Invalid value: core.PodTemplateSpec{")
                .contains("tool:2").endsWith("}: field is immutable");
        assertThat(http.patch(path, Http.MERGE, TestJson.json("{'spec':{'selector':{'matchLabels':{'x':'y'}}}}")).message())
                .startsWith("Job.batch \"migrate\" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"x\":\"y\"}");
        // a suspended Job may move its pods elsewhere and relabel them, but not change what they run
        http.patch(path, Http.MERGE, TestJson.json("{'spec':{'suspend':true}}"));
        assertThat(http.patch(path, Http.MERGE, TestJson.json("{'spec':{'template':{'metadata':{'labels':{'x':'1'}},'spec':{'nodeSelector':{'zone':'a'}}}}}")).code())
                .isEqualTo(200);
        assertThat(http.apply(path, "gitops", job.formatted("true", "tool:2")).code()).isEqualTo(422);
    }

    @Test
    void serviceClusterIpKeptWhenLeftOutAndRefusedWhenChanged() {
        String path = "/api/v1/namespaces/default/services/web";
        String svc = "{apiVersion: v1, kind: Service, metadata: {name: web}, spec: {selector: {app: web}, ports: [{port: 80}]%s}}";
        http.apply(path, "gitops", svc.formatted(""));
        String ip = http.get(path).body().at("/spec/clusterIP").asText();
        assertThat(ip).isNotEmpty();
        // PUT without the allocated address keeps it, as the server's REST layer does
        Http.Response put = http.put(path, Http.yaml(svc.formatted("")));
        assertThat(put.code()).isEqualTo(200);
        assertThat(put.body().at("/spec/clusterIP").asText()).isEqualTo(ip);
        assertThat(http.apply(path, "gitops", svc.formatted(", clusterIP: " + ip)).code()).isEqualTo(200);
        assertInvalid(http.apply(path + "?dryRun=All", "gitops", svc.formatted(", clusterIP: 10.96.9.9")),
                "Service \"web\" is invalid: [spec.clusterIPs[0]: Invalid value: []string{\"10.96.9.9\"}: may not change once set, "
                        + "spec.clusterIP: Invalid value: \"10.96.9.9\": field is immutable]");
    }

    @Test
    void persistentVolumeClaimSpecExceptRequests() {
        String path = "/api/v1/namespaces/default/persistentvolumeclaims/data";
        String pvc = "{apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: data}, "
                + "spec: {accessModes: [%s], storageClassName: standard, resources: {requests: {storage: %s}}}}";
        http.apply(path, "gitops", pvc.formatted("ReadWriteOnce", "1Gi"));
        assertThat(http.apply(path, "gitops", pvc.formatted("ReadWriteOnce", "5Gi")).code()).isEqualTo(200);
        assertInvalid(http.apply(path, "gitops", pvc.formatted("ReadWriteMany", "5Gi")),
                "PersistentVolumeClaim \"data\" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests "
                        + "and volumeAttributesClassName for bound claims");
    }

    @Test
    void immutableConfigMapsAndSecretsKeepTheirData() {
        String cm = "/api/v1/namespaces/default/configmaps/frozen";
        http.apply(cm, "gitops", "{apiVersion: v1, kind: ConfigMap, metadata: {name: frozen}, immutable: true, data: {a: b}}");
        assertInvalid(http.apply(cm + "?dryRun=All", "gitops", "{apiVersion: v1, kind: ConfigMap, metadata: {name: frozen}, immutable: true, data: {a: c}}"),
                "ConfigMap \"frozen\" is invalid: data: Forbidden: field is immutable when `immutable` is set");
        assertThat(http.patch(cm, Http.MERGE, TestJson.json("{'metadata':{'labels':{'x':'y'}}}")).code()).isEqualTo(200);
        assertThat(http.patch(cm, Http.MERGE, TestJson.json("{'immutable':false}")).message()).endsWith("immutable: Forbidden: field is immutable when `immutable` is set");
        // a mutable one can become immutable
        String other = "/api/v1/namespaces/default/configmaps/thawed";
        http.apply(other, "gitops", "{apiVersion: v1, kind: ConfigMap, metadata: {name: thawed}, data: {a: b}}");
        assertThat(http.apply(other, "gitops", "{apiVersion: v1, kind: ConfigMap, metadata: {name: thawed}, immutable: true, data: {a: c}}").code()).isEqualTo(200);

        String secret = "/api/v1/namespaces/default/secrets/creds";
        http.apply(secret, "gitops", "{apiVersion: v1, kind: Secret, metadata: {name: creds}, type: Opaque, immutable: true, data: {p: YQ==}}");
        assertInvalid(http.put(secret, Http.yaml("{apiVersion: v1, kind: Secret, metadata: {name: creds}, type: Opaque, immutable: true, data: {p: Yg==}}")),
                "Secret \"creds\" is invalid: data: Forbidden: field is immutable when `immutable` is set");
        assertThat(http.get(secret).body().at("/data/p").asText()).isEqualTo("YQ==");
    }

    @Test
    void roleBindingRoleRefCannotChange() {
        String path = "/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings/rb";
        String rb = "{apiVersion: rbac.authorization.k8s.io/v1, kind: RoleBinding, metadata: {name: rb}, "
                + "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: %s}, subjects: [{kind: User, name: %s}]}";
        http.apply(path, "gitops", rb.formatted("reader", "ann"));
        assertThat(http.apply(path, "gitops", rb.formatted("reader", "bob")).code()).isEqualTo(200);
        assertInvalid(http.apply(path, "gitops", rb.formatted("writer", "bob")),
                "RoleBinding.rbac.authorization.k8s.io \"rb\" is invalid: roleRef: Invalid value: "
                        + "rbac.RoleRef{APIGroup:\"rbac.authorization.k8s.io\", Kind:\"Role\", Name:\"writer\"}: cannot change roleRef");
        String crb = "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/crb";
        String c = "{apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRoleBinding, metadata: {name: crb}, "
                + "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: %s}}";
        http.apply(crb, "gitops", c.formatted("view"));
        assertThat(http.apply(crb + "?dryRun=All", "gitops", c.formatted("edit")).code()).isEqualTo(422);
    }
}
