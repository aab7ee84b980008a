package io.jenkins.plugins.gitops.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gitops.kube.KubeObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/** Loads {@code /health/<name>.yaml} test fixtures as KubeObjects, the way the API server would serve them. */
final class Fixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    static KubeObject load(String name) {
        String path = "/health/" + name + ".yaml";
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return KubeObject.of(JSON.valueToTree(yaml().load(in)));
        } catch (IOException e) {
            throw new UncheckedIOException(path, e);
        }
    }

    /** Parses one inline YAML document, for tests that vary a single field. */
    static KubeObject parse(String yamlText) {
        return KubeObject.of(JSON.valueToTree(yaml().load(yamlText)));
    }

    /** Safe YAML, without implicit timestamps: the API server's times are strings in JSON, keep them so. */
    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        DumperOptions dump = new DumperOptions();
        return new Yaml(new SafeConstructor(options), new Representer(dump), dump, options, new StringTimestamps());
    }

    private static final class StringTimestamps extends Resolver {
        @Override
        public void addImplicitResolver(Tag tag, Pattern regexp, String first) {
            if (!Tag.TIMESTAMP.equals(tag)) {
                super.addImplicitResolver(tag, regexp, first);
            }
        }

        @Override
        public void addImplicitResolver(Tag tag, Pattern regexp, String first, int limit) {
            if (!Tag.TIMESTAMP.equals(tag)) {
                super.addImplicitResolver(tag, regexp, first, limit);
            }
        }
    }
}
