import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PropertyResourceBundle;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.SAXParserFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Checks of plugin/ that need no Jenkins build (run by .ci/run before the Maven build; README "Building the plugin"):
 *
 * <ol>
 *   <li>every Jelly view parses as XML, and every {@code ${%...}} message reference in it is one Stapler compiles and
 *       prints whole: Stapler (CustomJellyContext, InternationalizedStringExpression) takes the text up to the first
 *       {@code (} as the key and the rest, up to a closing {@code )}, as comma-separated JEXL arguments, and prints the
 *       key itself when the view's .properties has no entry for it (dropping the arguments). So a key with arguments
 *       needs an entry with a placeholder per argument, and a key without an entry must be plain words;</li>
 *   <li>every import in plugin/src/main and plugin/src/test resolves to the JDK, the plugin itself, a reactor module
 *       plugin/pom.xml declares, or a dependency plugin/pom.xml (or its parent) declares in a scope that reaches that
 *       source set (test scope: src/test only), using the package map .ci/plugin-packages.txt;</li>
 *   <li>every property a Jelly expression reads on a plugin class ({@code it.apps}, {@code a.deployedAt} with
 *       {@code a} a {@code j:forEach}/{@code j:set} variable) has a public getter there (JEXL reads getters, not record
 *       components or fields), and a {@code jelly:fmt formatDate} value is a {@code java.util.Date} (the tag formats
 *       nothing else);</li>
 *   <li>every descriptor other than a step's has an {@code @Symbol} (Pipeline and JCasC name nested objects by it;
 *       steps are named by their function name);</li>
 *   <li>every form field ({@code field="x"} in a config.jelly) has a getter on its class and a help-x.html in its class's resource folder, a
 *       superclass's, or that of the descriptor its {@code getHelpFile} delegates to.</li>
 * </ol>
 *
 * Usage: {@code java .ci/PluginLint.java [REPO_ROOT]}; exit 1 and one line per defect (file:line: what) when any.
 */
public class PluginLint {

    static final List<String> errors = new ArrayList<>();
    static Path root;

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path plugin = root.resolve("plugin");
        int views = checkJelly(plugin.resolve("src/main/resources"));
        checkGetters(plugin);
        int imports = checkImports(plugin);
        int fields = checkHelpFiles(plugin);
        checkSymbols(plugin.resolve("src/main/java"));
        long ms = (System.nanoTime() - start) / 1_000_000;
        for (String e : errors) System.out.println(e);
        System.out.printf("PluginLint: %d Jelly views, %d imports, %d form fields checked in %d ms: %s%n",
                views, imports, fields, ms, errors.isEmpty() ? "OK" : errors.size() + " defect(s)");
        System.exit(errors.isEmpty() ? 0 : 1);
    }

    static String rel(Path p) {
        return root.relativize(p.toAbsolutePath().normalize()).toString();
    }

    static void error(Path file, int line, String what) {
        errors.add(rel(file) + ":" + line + ": " + what);
    }

    static List<Path> files(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    // ---------------------------------------------------------------- 1. Jelly views and their message keys

    /** A key Stapler may print as it is, when the view's .properties has no entry: words, spaces, hyphens. */
    static final Pattern LITERAL_KEY = Pattern.compile("[\\p{L}\\p{N}]([\\p{L}\\p{N} -]*[\\p{L}\\p{N}])?");
    /** CustomJellyContext.RESOURCE_LITERAL_STRING: '%key' or "%key" string literals inside an expression. */
    static final Pattern RESOURCE_LITERAL = Pattern.compile("(\"%[^\"]+\")|('%[^']+')");

    static int checkJelly(Path resources) throws Exception {
        List<Path> views = files(resources, ".jelly");
        SAXParserFactory f = SAXParserFactory.newInstance();
        f.setNamespaceAware(true);
        for (Path view : views) {
            Path propsFile = view.resolveSibling(view.getFileName().toString().replaceFirst("\\.jelly$", ".properties"));
            Map<String, String> props = new HashMap<>();
            if (Files.exists(propsFile)) {
                try (InputStream in = Files.newInputStream(propsFile)) {
                    PropertyResourceBundle b = new PropertyResourceBundle(in); // as Stapler's ResourceBundle reads it
                    for (String k : b.keySet()) props.put(k, b.getString(k));
                }
            }
            Set<String> used = new TreeSet<>();
            try {
                f.newSAXParser().parse(view.toFile(), new DefaultHandler() {
                    Locator locator;
                    final StringBuilder text = new StringBuilder();
                    int textLine;

                    @Override
                    public void setDocumentLocator(Locator l) {
                        locator = l;
                    }

                    void flush() {
                        if (text.length() > 0) expressions(view, textLine, text.toString(), props, used);
                        text.setLength(0);
                    }

                    @Override
                    public void startElement(String uri, String local, String qName, Attributes atts) {
                        flush();
                        for (int i = 0; i < atts.getLength(); i++) {
                            expressions(view, locator.getLineNumber(), atts.getValue(i), props, used);
                        }
                    }

                    @Override
                    public void endElement(String uri, String local, String qName) {
                        flush();
                    }

                    @Override
                    public void characters(char[] ch, int s, int len) {
                        if (text.length() == 0) textLine = locator.getLineNumber();
                        text.append(ch, s, len);
                    }
                });
            } catch (SAXParseException e) {
                error(view, e.getLineNumber(), "not well-formed XML: " + e.getMessage());
                continue;
            }
            for (Map.Entry<String, String> e : new TreeMap<>(props).entrySet()) {
                if (e.getValue().isEmpty()) {
                    error(propsFile, propLine(propsFile, e.getKey()), "entry '" + e.getKey() + "' is empty: Stapler ignores empty entries and prints the key");
                }
                String v = e.getValue();
                if (v.replace("''", "").contains("'")) {
                    error(propsFile, propLine(propsFile, e.getKey()), "entry '" + e.getKey() + "': Stapler formats entries with MessageFormat, which drops a single"
                            + " quote and reads what follows literally: write '' for an apostrophe");
                }
                if (!used.contains(e.getKey())) {
                    error(propsFile, propLine(propsFile, e.getKey()), "entry '" + e.getKey() + "' is used by no ${%...} of " + view.getFileName());
                }
            }
        }
        for (Path p : files(resources, ".properties")) {
            String n = p.getFileName().toString();
            if (n.matches("[^_]+\\.properties") && !Files.exists(p.resolveSibling(n.replaceFirst("\\.properties$", ".jelly")))) {
                error(p, 1, "no " + n.replaceFirst("\\.properties$", ".jelly") + " beside it: Stapler reads a view's messages from <view>.properties");
            }
        }
        return views.size();
    }

    /** The line of a .properties file where key is defined (spaces in keys are written escaped). */
    static int propLine(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file, java.nio.charset.StandardCharsets.ISO_8859_1);
            String written = key.replace(" ", "\\ ");
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i).stripLeading();
                if (l.startsWith(written + "=") || l.startsWith(written + ":") || l.startsWith(written + " ") || l.equals(written)) return i + 1;
            }
        } catch (IOException e) {
            // the file was just read; fall through to line 1
        }
        return 1;
    }

    /** Splits a Jelly text into its ${...} expressions as Jelly's CompositeExpression.parse does (quotes skipped). */
    static void expressions(Path view, int line, String text, Map<String, String> props, Set<String> used) {
        int i = 0;
        while ((i = text.indexOf("${", i)) >= 0) {
            if (i > 0 && text.charAt(i - 1) == '$') { // "$${" is a literal "${"
                i += 2;
                continue;
            }
            int cur = i + 2;
            StringBuilder expr = new StringBuilder();
            boolean closed = false;
            while (cur < text.length()) {
                char c = text.charAt(cur);
                if (c == '"' || c == '\'') {
                    expr.append(c);
                    cur++;
                    while (cur < text.length()) {
                        char d = text.charAt(cur++);
                        expr.append(d);
                        if (d == '\\' && cur < text.length()) expr.append(text.charAt(cur++));
                        else if (d == c) break;
                    }
                } else if (c == '}') {
                    closed = true;
                    cur++;
                    break;
                } else {
                    expr.append(c);
                    cur++;
                }
            }
            int at = line + countLines(text, i);
            if (!closed) {
                error(view, at, "Missing '}' at the end of expression ${" + expr + " (Jelly refuses the view)");
                return;
            }
            String e = expr.toString();
            if (e.startsWith("%")) {
                message(view, at, e, props, used);
            } else {
                Matcher m = RESOURCE_LITERAL.matcher(e);
                while (m.find()) message(view, at, m.group().substring(1, m.group().length() - 1), props, used);
            }
            i = cur;
        }
    }

    static int countLines(String s, int upTo) {
        int n = 0;
        for (int k = 0; k < upTo; k++) if (s.charAt(k) == '\n') n++;
        return n;
    }

    /** One message reference "%key" or "%key(arg,...)", checked as InternationalizedStringExpression reads it. */
    static void message(Path view, int line, String ref, Map<String, String> props, Set<String> used) {
        String text = ref.substring(1);
        String props1 = view.getFileName().toString().replaceFirst("\\.jelly$", ".properties");
        int paren = text.indexOf('(');
        String key = paren < 0 ? text : text.substring(0, paren);
        used.add(key);
        if (key.contains("'") || key.contains("\"")) {
            error(view, line, "${" + ref + "}: a quote in a message key makes Jelly read a string literal up to the next quote");
            return;
        }
        if (paren >= 0) {
            List<String> args = new ArrayList<>();
            String rest = text.substring(paren + 1);
            while (!rest.isEmpty()) {
                String token = tokenize(rest);
                if (token == null) {
                    error(view, line, "${" + ref + "}: Stapler reads '" + key + "' as a key with arguments and fails: missing ')' at the end"
                            + " (use a plain key such as ${%" + plain(key) + "}, and a description for the hint)");
                    return;
                }
                args.add(token.strip());
                rest = rest.substring(token.length() + 1);
            }
            String entry = props.get(key);
            if (entry == null || entry.isEmpty()) {
                error(view, line, "${" + ref + "}: Stapler reads '" + key + "' as a message key with " + args.size()
                        + " argument(s) " + args + "; " + props1 + " has no entry for it, so the view prints '" + key
                        + "' and drops the rest (or fails to compile an argument that is not an expression)."
                        + " Use a plain key such as ${%" + plain(key) + "}, and a description for the hint");
                return;
            }
            int placeholders = new MessageFormat(entry).getFormatsByArgumentIndex().length;
            if (placeholders != args.size()) {
                error(view, line, "${" + ref + "}: " + args.size() + " argument(s) but the entry '" + key + "' in " + props1
                        + " has " + placeholders + " placeholder(s)");
            }
            return;
        }
        if (!props.containsKey(key) && !LITERAL_KEY.matcher(key).matches()) {
            error(view, line, "${" + ref + "}: '" + key + "' has no entry in " + props1
                    + "; a key printed as it is must be plain words (letters, digits, spaces, hyphens): add an entry");
        }
    }

    static String plain(String key) {
        String s = key.replaceAll("[^\\p{L}\\p{N} -]", " ").strip().replaceAll(" +", " ");
        return s.isEmpty() ? "Key" : s;
    }

    /** InternationalizedStringExpression.tokenize: the argument up to a top-level ',' or ')'; null if unterminated. */
    static String tokenize(String text) {
        int parenthesis = 0;
        for (int idx = 0; idx < text.length(); idx++) {
            char ch = text.charAt(idx);
            switch (ch) {
                case ',':
                    if (parenthesis == 0) return text.substring(0, idx);
                    break;
                case '(', '{', '[':
                    parenthesis++;
                    break;
                case ')':
                    if (parenthesis == 0) return text.substring(0, idx);
                    parenthesis--;
                    break;
                case '}', ']':
                    parenthesis--;
                    break;
                case '"', '\'':
                    idx = text.indexOf(ch, idx + 1);
                    if (idx < 0) return null;
                    break;
                default:
                    break;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- 2. imports against declared dependencies

    record Dep(String key, String scope) {}

    static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(static\\s+)?([\\w.]+?)(\\.\\*)?\\s*;", Pattern.MULTILINE);
    static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

    static int checkImports(Path plugin) throws Exception {
        Path mapFile = root.resolve(".ci/plugin-packages.txt");
        Map<String, Set<String>> packagesOf = new HashMap<>();
        List<Dep> deps = new ArrayList<>();
        for (String l : Files.readAllLines(mapFile)) {
            if (l.isBlank() || l.startsWith("#")) continue;
            String[] p = l.trim().split("\\s+");
            if (p[0].equals("@parent")) deps.add(new Dep(p[1], p[2]));
            else if (p[1].equals("-")) packagesOf.computeIfAbsent(p[0], k -> new TreeSet<>()); // no Java packages (natives)
            else packagesOf.computeIfAbsent(p[0], k -> new TreeSet<>()).add(p[1]);
        }
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(plugin.resolve("pom.xml").toFile());
        Map<String, Path> modules = reactorModules();
        Set<String> mainOwn = new LinkedHashSet<>(sourcePackages(plugin.resolve("src/main/java")));
        Set<String> testOwn = new LinkedHashSet<>(mainOwn);
        testOwn.addAll(sourcePackages(plugin.resolve("src/test/java")));
        for (Element d : children(pom.getDocumentElement(), "dependencies", "dependency")) {
            String g = text(d, "groupId"), a = text(d, "artifactId"), c = text(d, "classifier"), s = text(d, "scope");
            String scope = s == null ? "compile" : s;
            if (modules.containsKey(g + ":" + a)) {
                Set<String> pk = sourcePackages(modules.get(g + ":" + a).resolve("src/main/java"));
                if (!scope.equals("test") && !scope.equals("runtime")) mainOwn.addAll(pk);
                testOwn.addAll(pk);
                continue;
            }
            deps.add(new Dep(g + ":" + a + (c == null ? "" : ":" + c), scope));
        }
        Set<String> jdk = new TreeSet<>();
        for (ModuleReference m : ModuleFinder.ofSystem().findAll()) {
            for (ModuleDescriptor.Exports e : m.descriptor().exports()) if (!e.isQualified()) jdk.add(e.source());
        }
        int n = 0;
        for (String set : List.of("main", "test")) {
            Map<String, String> allowed = new HashMap<>(); // package -> artifact
            Map<String, String> elsewhere = new HashMap<>(); // package -> "artifact (scope)" declared but out of reach
            for (Dep d : deps) {
                Set<String> pk = packagesOf.get(d.key());
                if (pk == null) {
                    errors.add(".ci/plugin-packages.txt:1: no packages listed for " + d.key()
                            + ", which plugin/pom.xml declares: regenerate the map (README \"Building the plugin\")");
                    packagesOf.put(d.key(), Set.of());
                    continue;
                }
                boolean reaches = set.equals("test") ? !d.scope().equals("system") : !d.scope().equals("test") && !d.scope().equals("runtime");
                for (String p : pk) {
                    if (reaches) allowed.putIfAbsent(p, d.key());
                    else elsewhere.putIfAbsent(p, d.key() + " (" + d.scope() + " scope)");
                }
            }
            Set<String> own = set.equals("main") ? mainOwn : testOwn;
            for (Path file : files(plugin.resolve("src/" + set + "/java"), ".java")) {
                String src = Files.readString(file);
                Matcher m = IMPORT.matcher(src);
                while (m.find()) {
                    n++;
                    String pkg = packageOf(m.group(2), m.group(1) != null, m.group(3) != null);
                    if (jdk.contains(pkg) || own.contains(pkg) || allowed.containsKey(pkg)) continue;
                    int line = countLines(src, m.start(2)) + 1;
                    String where = elsewhere.get(pkg);
                    String undeclared = null;
                    for (Map.Entry<String, Set<String>> e : packagesOf.entrySet()) {
                        if (e.getValue().contains(pkg) && deps.stream().noneMatch(d -> d.key().equals(e.getKey()))) undeclared = e.getKey();
                    }
                    error(file, line, "import " + m.group(2) + (m.group(3) != null ? ".*" : "") + ": package " + pkg
                            + (where != null ? " comes from " + where + ", which does not reach src/" + set
                               : undeclared != null ? " is in " + undeclared + ", which plugin/pom.xml does not declare"
                               : " is in no dependency plugin/pom.xml declares for src/" + set
                                 + " (declare the artifact, then regenerate .ci/plugin-packages.txt)"));
                }
            }
        }
        return n;
    }

    /** a.b.C -> a.b; a.b.C.D -> a.b; a.b.* -> a.b; static a.b.C.m -> a.b (packages are lower case, classes upper). */
    static String packageOf(String name, boolean isStatic, boolean star) {
        String[] parts = name.split("\\.");
        StringBuilder pkg = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            boolean last = i == parts.length - 1;
            if (Character.isUpperCase(parts[i].charAt(0)) || (last && !star && !isStatic)) break;
            if (last && isStatic) break;
            if (pkg.length() > 0) pkg.append('.');
            pkg.append(parts[i]);
        }
        return pkg.toString();
    }

    static Set<String> sourcePackages(Path dir) throws IOException {
        Set<String> out = new TreeSet<>();
        for (Path f : files(dir, ".java")) {
            Matcher m = PACKAGE.matcher(Files.readString(f));
            if (m.find()) out.add(m.group(1));
        }
        return out;
    }

    /** groupId:artifactId -> directory of each module of the reactor (the root pom's modules, any profile). */
    static Map<String, Path> reactorModules() throws Exception {
        Map<String, Path> out = new HashMap<>();
        Document rootPom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(root.resolve("pom.xml").toFile());
        String rootGroup = text(rootPom.getDocumentElement(), "groupId");
        NodeList mods = rootPom.getElementsByTagName("module");
        for (int i = 0; i < mods.getLength(); i++) {
            Path dir = root.resolve(mods.item(i).getTextContent().trim());
            Path pom = dir.resolve("pom.xml");
            if (!Files.exists(pom)) continue;
            Element p = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
            String g = text(p, "groupId");
            out.put((g == null ? rootGroup : g) + ":" + text(p, "artifactId"), dir);
        }
        return out;
    }

    static List<Element> children(Element parent, String wrapper, String name) {
        List<Element> out = new ArrayList<>();
        for (Node w = parent.getFirstChild(); w != null; w = w.getNextSibling()) {
            if (w instanceof Element we && we.getTagName().equals(wrapper)) {
                for (Node c = we.getFirstChild(); c != null; c = c.getNextSibling()) {
                    if (c instanceof Element ce && ce.getTagName().equals(name)) out.add(ce);
                }
            }
        }
        return out;
    }

    static String text(Element e, String child) {
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element ce && ce.getTagName().equals(child)) return ce.getTextContent().trim();
        }
        return null;
    }

    // ---------------------------------------------------------------- 3. a help file for every form field

    static final Pattern FIELD = Pattern.compile("\\bfield\\s*=\\s*\"([^\"$]+)\"");
    static final Pattern HELP_DELEGATE = Pattern.compile("getHelpFile\\s*\\(\\s*String[^)]*\\)\\s*\\{(.*?)\\n\\s{0,8}}", Pattern.DOTALL);
    static final Pattern DESCRIPTOR_OF = Pattern.compile("\\b([A-Z]\\w*)\\.DescriptorImpl\\b");
    static final Pattern REDIRECT = Pattern.compile("addHelpFileRedirect\\s*\\(\\s*\"(\\w+)\"\\s*,\\s*([A-Z]\\w*)\\.class\\s*,\\s*\"(\\w+)\"");

    static int checkHelpFiles(Path plugin) throws IOException {
        Path resources = plugin.resolve("src/main/resources");
        Path java = plugin.resolve("src/main/java");
        int n = 0;
        for (Path config : files(resources, "config.jelly")) {
            Path folder = config.getParent();
            String pkgPath = resources.relativize(folder.getParent()).toString();
            String cls = folder.getFileName().toString();
            String src = Files.readString(config);
            Set<String> fields = new TreeSet<>();
            Map<String, Integer> lineOf = new HashMap<>();
            Matcher m = FIELD.matcher(src);
            while (m.find()) {
                fields.add(m.group(1));
                lineOf.putIfAbsent(m.group(1), countLines(src, m.start()) + 1);
            }
            // every property the class binds (@DataBoundConstructor parameters, @DataBoundSetter) is on its form
            Set<String> onForm = new TreeSet<>(fields);
            Matcher inc = Pattern.compile("<st:include[^>]*\\bclass=\"([\\w.$]+)\"").matcher(src);
            while (inc.find()) onForm.addAll(formFields(resources.resolve(inc.group(1).replace('.', '/')).resolve("config.jelly")));
            for (String prop : bound(java, pkgPath, cls)) {
                if (!onForm.contains(prop)) {
                    error(config, 1, "'" + prop + "' is bound by " + cls + " (@DataBoundConstructor/@DataBoundSetter) but not on its form:"
                            + " add an f:entry field=\"" + prop + "\" (a job configured in the UI could not set it, and saving the form resets it)");
                }
            }
            for (String field : fields) {
                n++;
                if (classes.containsKey(cls) && getterType(cls, field, false) == null) {
                    error(config, lineOf.get(field), "field '" + field + "': " + cls + " has no public get/is"
                            + Character.toUpperCase(field.charAt(0)) + field.substring(1) + "() (the form shows the saved value through it)");
                }
                if (!hasHelp(java, resources, pkgPath, cls, field, new LinkedHashSet<>())) {
                    error(config, lineOf.get(field), "field '" + field + "' has no help-" + field + ".html in "
                            + rel(folder) + " or a superclass's folder (Descriptor.getHelpFile looks there)");
                }
            }
        }
        return n;
    }

    static Set<String> formFields(Path config) throws IOException {
        Set<String> out = new TreeSet<>();
        if (!Files.exists(config)) return out;
        Matcher m = FIELD.matcher(Files.readString(config));
        while (m.find()) out.add(m.group(1));
        return out;
    }

    /** Properties a class (and its plugin superclasses) binds from a form: constructor parameters and setters. */
    static Set<String> bound(Path java, String pkgPath, String cls) throws IOException {
        Set<String> out = new TreeSet<>();
        for (String c = cls; c != null; ) {
            Path source = java.resolve(packageOf(java, c, pkgPath)).resolve(c + ".java");
            if (!Files.exists(source)) break;
            String s = stripLiterals(Files.readString(source));
            Matcher setter = Pattern.compile("@DataBoundSetter\\s+public\\s+void\\s+set(\\w+)\\s*\\(").matcher(s);
            while (setter.find()) out.add(Character.toLowerCase(setter.group(1).charAt(0)) + setter.group(1).substring(1));
            Matcher ctor = Pattern.compile("@DataBoundConstructor\\s+public\\s+" + Pattern.quote(c) + "\\s*\\(([^)]*)\\)").matcher(s);
            if (ctor.find()) {
                for (String param : ctor.group(1).split(",")) {
                    String[] w = param.trim().split("\\s+");
                    if (w.length > 1) out.add(w[w.length - 1]);
                }
            }
            Matcher ext = Pattern.compile("\\bclass\\s+" + Pattern.quote(c) + "\\b(?:\\s*<[^{]*?>)?\\s+extends\\s+([A-Z]\\w*)").matcher(s);
            c = ext.find() ? ext.group(1) : null;
        }
        return out;
    }

    static final Map<String, String> PACKAGE_OF = new HashMap<>();

    /**
     * The source folder (package path) of plugin class {@code cls}, named by its simple name as our sources name their
     * superclasses and delegates: the plugin's classes live in several packages (steps, builders, triggers...) and a
     * simple name is unique among them. A name that is not a plugin class stays in {@code fallback}.
     */
    static String packageOf(Path java, String cls, String fallback) throws IOException {
        if (PACKAGE_OF.isEmpty()) {
            for (Path f : files(java, ".java")) {
                String name = f.getFileName().toString().replaceFirst("\\.java$", "");
                if (name.equals("package-info")) continue;
                String pkg = java.relativize(f.getParent()).toString();
                String before = PACKAGE_OF.putIfAbsent(name, pkg);
                if (before != null && !before.equals(pkg)) error(f, 1, "class name " + name + " is also declared in " + before
                        + ": PluginLint (and readers) name plugin classes by their simple names");
            }
        }
        return PACKAGE_OF.getOrDefault(cls.replaceFirst("\\$.*", ""), fallback);
    }

    /** Descriptor.getHelpFile: the class and its ancestors, plus our getHelpFile delegations and help redirects. */
    static boolean hasHelp(Path java, Path resources, String pkgPath, String cls, String field, Set<String> seen) throws IOException {
        String c = cls;
        while (c != null && seen.add(packageOf(java, c, pkgPath) + "/" + c)) {
            String pkg = packageOf(java, c, pkgPath);
            for (String ext : List.of(".html", ".jelly", ".groovy")) {
                if (Files.exists(resources.resolve(pkg).resolve(c).resolve("help-" + field + ext))) return true;
            }
            Path source = java.resolve(pkg).resolve(c.replaceFirst("\\$.*", "") + ".java");
            if (!Files.exists(source)) return false;
            String s = Files.readString(source);
            Matcher r = REDIRECT.matcher(s);
            while (r.find()) {
                if (r.group(1).equals(field) && hasHelp(java, resources, pkgPath, r.group(2), r.group(3), seen)) return true;
            }
            Matcher h = HELP_DELEGATE.matcher(s);
            while (h.find()) {
                Matcher d = DESCRIPTOR_OF.matcher(h.group(1));
                while (d.find()) if (hasHelp(java, resources, pkgPath, d.group(1), field, seen)) return true;
            }
            Matcher ext = Pattern.compile("\\bclass\\s+" + Pattern.quote(c) + "\\b(?:\\s*<[^{]*?>)?\\s+extends\\s+([A-Z]\\w*)").matcher(s);
            c = ext.find() ? ext.group(1) : null; // a superclass outside the plugin has no help of ours: the loop ends
        }
        return false;
    }

    // ---------------------------------------------------------------- 1b. Jelly expressions against the Java getters

    /** A plugin class: its member signatures (nested bodies blanked), its superclass name, and whether it is a record. */
    record JavaClass(String name, String members, String superName, boolean record) {}

    static final Map<String, JavaClass> classes = new HashMap<>();
    static final Pattern CLASS_DECL = Pattern.compile("\\b(class|record|interface|enum)\\s+([A-Z]\\w*)");
    static final Pattern CHAIN = Pattern.compile("(?<![\\w.])([a-zA-Z_]\\w*)((?:\\.[a-zA-Z_]\\w*(?:\\(\\))?)+)");

    static void indexClasses(Path java) throws IOException {
        for (Path f : files(java, ".java")) {
            String s = stripLiterals(Files.readString(f));
            Matcher m = CLASS_DECL.matcher(s);
            while (m.find()) {
                int open = s.indexOf('{', m.end());
                if (open < 0) continue;
                String head = s.substring(m.end(), open);
                int depth = 0, end = open;
                StringBuilder members = new StringBuilder();
                for (int i = open; i < s.length(); i++) {
                    char c = s.charAt(i);
                    if (c == '{') depth++;
                    if (depth == 1 && c != '{') members.append(c);
                    if (c == '}' && --depth == 0) { end = i; break; }
                    if (depth > 1) members.append(c == '\n' ? '\n' : ' ');
                }
                Matcher ext = Pattern.compile("^\\s*(?:<.*?>)?\\s*(?:\\(.*?\\))?\\s*extends\\s+([A-Z]\\w*)", Pattern.DOTALL).matcher(head);
                classes.putIfAbsent(m.group(2), new JavaClass(m.group(2), members.toString(),
                        m.group(1).equals("interface") ? null : ext.find() ? ext.group(1) : null, m.group(1).equals("record")));
            }
        }
    }

    /** Blanks string and char literals and comments, keeping line breaks, so braces inside them do not count. */
    static String stripLiterals(String s) {
        s = Pattern.compile("(?s)/\\*.*?\\*/").matcher(s).replaceAll(m -> m.group().replaceAll("[^\\n]", ""));
        return s.replaceAll("//[^\\n]*", "").replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("'(\\\\.|[^'\\\\])'", "' '");
    }

    /** The declared return type of the public getter for property p (getP/isP), searching plugin superclasses; "?" if unknown. */
    static String getterType(String cls, String prop, boolean method) {
        for (String c = cls; c != null; ) {
            JavaClass jc = classes.get(c);
            if (jc == null) { // a Jenkins or JDK superclass: known ones are checked, others may have the getter
                Set<String> known = JENKINS_GETTERS.get(c);
                return known == null || known.contains(prop) ? "?" : null;
            }
            String name = method ? Pattern.quote(prop) : "(?:get|is)" + Pattern.quote(Character.toUpperCase(prop.charAt(0)) + prop.substring(1));
            Matcher m = Pattern.compile("public\\s+(?:(?:final|synchronized|static|@\\w+(?:\\([^)]*\\))?)\\s+)*([\\w.$<>?,\\[\\] ]+?)\\s+" + name + "\\s*\\(\\s*\\)")
                    .matcher(jc.members());
            if (m.find()) return m.group(1).replaceAll("@\\w+\\s*", "").trim();
            if (jc.superName() == null) return null; // declared nowhere up to Object
            c = jc.superName();
        }
        return null;
    }

    /** Public no-argument getters of the Jenkins base classes our describables extend (read in core/workflow-step-api 2.541.3). */
    static final Map<String, Set<String>> JENKINS_GETTERS = Map.of(
            "AbstractDescribableImpl", Set.of("descriptor"),
            "Step", Set.of("descriptor"),
            "Builder", Set.of("descriptor", "requiredMonitorService"),
            "Trigger", Set.of("descriptor", "spec", "projectActions"));

    static String elementType(String type) {
        Matcher m = Pattern.compile("^(?:java\\.util\\.)?(?:List|Collection|Set|Iterable)<\\s*(?:\\? extends\\s+)?([\\w.]+)\\s*>$").matcher(type);
        if (m.find()) return m.group(1);
        return type.endsWith("[]") ? type.substring(0, type.length() - 2) : "?";
    }

    static String simple(String type) {
        String t = type.replaceAll("<.*", "").trim();
        return t.contains(".") ? t.substring(t.lastIndexOf('.') + 1) : t;
    }

    static void checkGetters(Path plugin) throws Exception {
        indexClasses(plugin.resolve("src/main/java"));
        Path resources = plugin.resolve("src/main/resources");
        for (Path view : files(resources, ".jelly")) {
            String owner = view.getParent().getFileName().toString();
            if (!classes.containsKey(owner)) continue;
            Document doc;
            try {
                DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
                f.setNamespaceAware(true);
                doc = f.newDocumentBuilder().parse(view.toFile());
            } catch (org.xml.sax.SAXException e) {
                continue; // reported by checkJelly
            }
            Map<String, String> vars = new HashMap<>();
            vars.put("it", owner);
            walk(view, doc.getDocumentElement(), vars);
        }
    }

    static void walk(Path view, Element e, Map<String, String> vars) {
        Map<String, String> scope = new HashMap<>(vars);
        String ns = e.getNamespaceURI() == null ? "" : e.getNamespaceURI();
        for (int i = 0; i < e.getAttributes().getLength(); i++) {
            Node a = e.getAttributes().item(i);
            for (String expr : exprs(a.getNodeValue())) {
                for (Matcher m = CHAIN.matcher(expr); m.find(); ) typeOf(view, e, m.group(1), m.group(2), scope);
            }
        }
        if (ns.equals("jelly:fmt") && e.getLocalName().equals("formatDate")) {
            String v = single(e.getAttribute("value"));
            if (v != null) {
                Matcher m = CHAIN.matcher(v);
                if (m.matches()) {
                    String t = typeOf(view, e, m.group(1), m.group(2), scope);
                    if (t != null && !t.equals("?") && !simple(t).equals("Date")) {
                        error(view, line(view, e.getAttribute("value")), "formatDate value ${" + v + "} is a " + t
                                + ": jelly:fmt formatDate formats a java.util.Date only (expose a Date getter)");
                    }
                }
            }
        }
        if (ns.equals("jelly:core") && (e.getLocalName().equals("set") || e.getLocalName().equals("forEach"))) {
            String var = e.getAttribute("var");
            String v = single(e.getAttribute(e.getLocalName().equals("set") ? "value" : "items"));
            String t = "?";
            if (v != null) {
                Matcher m = CHAIN.matcher(v);
                if (m.matches()) t = typeOf(view, e, m.group(1), m.group(2), scope);
                else if (scope.containsKey(v)) t = scope.get(v);
            }
            if (t == null) t = "?";
            if (e.getLocalName().equals("forEach") && !t.equals("?")) t = elementType(t);
            if (!var.isEmpty()) vars.put(var, t); // j:set binds for the rest of the parent; forEach for its body
            if (e.getLocalName().equals("forEach")) scope.put(var, t);
        }
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element ce) walk(view, ce, e.getLocalName().equals("forEach") ? scope : vars);
            else if (c.getNodeType() == Node.TEXT_NODE) {
                for (String expr : exprs(c.getNodeValue())) {
                    for (Matcher m = CHAIN.matcher(expr); m.find(); ) typeOf(view, e, m.group(1), m.group(2), e.getLocalName().equals("forEach") ? scope : vars);
                }
            }
        }
        if (!e.getLocalName().equals("forEach")) vars.putAll(scope);
    }

    /** The type a property chain reads, reporting a property no getter provides on a plugin class. */
    static String typeOf(Path view, Element at, String rootVar, String chain, Map<String, String> vars) {
        String t = vars.get(rootVar);
        if (t == null) return "?"; // rootURL, h, app, descriptor...: not ours to check
        for (String seg : chain.substring(1).split("\\.")) {
            if (t.equals("?") || !classes.containsKey(simple(t))) return "?";
            JavaClass jc = classes.get(simple(t));
            boolean method = seg.endsWith("()");
            String name = method ? seg.substring(0, seg.length() - 2) : seg;
            String r = getterType(jc.name(), name, method);
            if (r == null) {
                error(view, line(view, chain), "${" + rootVar + chain + "}: " + jc.name() + " has no public "
                        + (method ? name + "()" : "get/is" + Character.toUpperCase(name.charAt(0)) + name.substring(1) + "()")
                        + (jc.record() ? " (a record component is not a JavaBeans getter: JEXL reads it as null)" : "")
                        + ": the view reads null");
                return null;
            }
            t = r;
        }
        return t;
    }

    /** The ${...} bodies of an attribute or text (no i18n references). */
    static List<String> exprs(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\$\\{([^}%][^}]*)}").matcher(text);
        while (m.find()) out.add(m.group(1).replaceAll("\"[^\"]*\"|'[^']*'", "''"));
        return out;
    }

    static String single(String attr) {
        Matcher m = Pattern.compile("^\\s*\\$\\{([^}]*)}\\s*$").matcher(attr == null ? "" : attr);
        return m.find() ? m.group(1).trim() : null;
    }

    static final Map<Path, List<String>> viewLines = new HashMap<>();

    static int line(Path view, String needle) {
        List<String> lines = viewLines.computeIfAbsent(view, v -> {
            try { return Files.readAllLines(v); } catch (IOException ex) { return List.of(); }
        });
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(needle)) return i + 1;
        return 1;
    }

    // ---------------------------------------------------------------- 4. @Symbol on descriptors

    static final Pattern EXTENSION_DESCRIPTOR = Pattern.compile(
            "@Extension\\b((?:\\s*@\\w+(?:\\([^)]*\\))?)*)\\s*(?:public\\s+|protected\\s+)?(?:static\\s+)?(?:final\\s+)?class\\s+(\\w+)\\s+extends\\s+([\\w.]+)");

    static void checkSymbols(Path java) throws IOException {
        Set<String> steps = new TreeSet<>();
        for (Path f : files(java, ".java")) {
            Matcher fn = Pattern.compile("getFunctionName\\s*\\(\\s*\\)\\s*\\{\\s*return\\s+\"(\\w+)\"").matcher(Files.readString(f));
            while (fn.find()) steps.add(fn.group(1));
        }
        for (Path f : files(java, ".java")) {
            String raw = Files.readString(f);
            Matcher sym = Pattern.compile("@Symbol\\(\\s*\"(\\w+)\"").matcher(raw);
            while (sym.find()) {
                if (steps.contains(sym.group(1))) {
                    error(f, countLines(raw, sym.start()) + 1, "@Symbol(\"" + sym.group(1) + "\") is also a step's name: Pipeline calls the step");
                }
            }
            String s = stripLiterals(Files.readString(f));
            Matcher m = EXTENSION_DESCRIPTOR.matcher(s);
            while (m.find()) {
                String sup = m.group(3);
                boolean descriptor = sup.endsWith("Descriptor") || sup.equals("GlobalConfiguration");
                boolean step = sup.matches(".*StepDescriptor") || isStepDescriptor(java, sup);
                if (descriptor && !step && !m.group(1).contains("@Symbol")) {
                    error(f, countLines(s, m.start()) + 1, m.group(2) + " (extends " + sup + ") has no @Symbol: Pipeline and JCasC"
                            + " can name it only by class; give it a symbol no step uses");
                }
            }
        }
    }

    /** A descriptor class of ours that extends StepDescriptor (ClusterStepDescriptor, SyncDescriptor...). */
    static boolean isStepDescriptor(Path java, String name) throws IOException {
        for (Path f : files(java, ".java")) {
            Matcher m = Pattern.compile("class\\s+" + Pattern.quote(name) + "\\s+extends\\s+(\\w+)").matcher(Files.readString(f));
            if (m.find()) return m.group(1).endsWith("StepDescriptor") || isStepDescriptor(java, m.group(1));
        }
        return false;
    }
}
