//! Maven: `pom.xml` (the project's coordinates, its modules and its dependencies).
//!
//! Only `<project><dependencies>` (and a profile's) are dependencies of the project:
//! `<dependencyManagement>` only pins versions and plugin dependencies belong to the build.
//! Entities other than XML's five predefined ones are kept as written, never expanded.

use quick_xml::events::Event;

use super::xml_doc::{self, resolve_reference};
use super::{component, dir_name, FileFacts, SourceFile};
use crate::facts::{ComponentKind, Dependency, Ecosystem, Evidence, Note};

/// A `<dependency>` being read.
#[derive(Default)]
struct DependencyElement {
    start: usize,
    group: String,
    artifact: String,
    version: Option<String>,
    scope: Option<String>,
}

#[derive(Default)]
struct Project {
    group: Option<String>,
    parent_group: Option<String>,
    artifact: Option<(String, usize)>,
    modules: Vec<String>,
}

/// What the text of an element at `path` means, if anything.
#[derive(Clone, Copy)]
enum Field {
    Group,
    ParentGroup,
    Artifact,
    Module,
    DepGroup,
    DepArtifact,
    DepVersion,
    DepScope,
}

fn field_of(path: &[String]) -> Option<Field> {
    let p: Vec<&str> = path.iter().map(String::as_str).collect();
    let dep_field = |rest: &[&str]| match rest {
        ["groupId"] => Some(Field::DepGroup),
        ["artifactId"] => Some(Field::DepArtifact),
        ["version"] => Some(Field::DepVersion),
        ["scope"] => Some(Field::DepScope),
        _ => None,
    };
    match p.as_slice() {
        ["project", "groupId"] => Some(Field::Group),
        ["project", "parent", "groupId"] => Some(Field::ParentGroup),
        ["project", "artifactId"] => Some(Field::Artifact),
        ["project", "modules", "module"] => Some(Field::Module),
        ["project", "dependencies", "dependency", rest @ ..] => dep_field(rest),
        ["project", "profiles", "profile", "dependencies", "dependency", rest @ ..] => {
            dep_field(rest)
        }
        _ => None,
    }
}

fn is_dependency_element(path: &[String]) -> bool {
    let p: Vec<&str> = path.iter().map(String::as_str).collect();
    matches!(
        p.as_slice(),
        ["project", "dependencies", "dependency"]
            | [
                "project",
                "profiles",
                "profile",
                "dependencies",
                "dependency"
            ]
    )
}

pub(super) fn extract_pom(file: &SourceFile<'_>, out: &mut FileFacts) {
    let (mut reader, skip) = xml_doc::reader(file);
    let mut path: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut project = Project::default();
    let mut current: Option<DependencyElement> = None;
    loop {
        let before = skip + reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(error) => {
                let at = skip + reader.error_position() as usize;
                out.notes.push(xml_doc::error_note(file, at, error));
                break;
            }
        };
        match event {
            Event::Start(e) => {
                if path.len() == xml_doc::MAX_DEPTH {
                    out.notes.push(xml_doc::depth_note(file, before));
                    break;
                }
                path.push(e.local_name().as_ref().to_string());
                text.clear();
                if is_dependency_element(&path) {
                    current = Some(DependencyElement {
                        start: before,
                        ..Default::default()
                    });
                }
            }
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::CData(t) => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => text.push_str(&resolve_reference(&r.xml10_content())),
            Event::End(_) => {
                let value = text.trim().to_string();
                text.clear();
                match field_of(&path) {
                    Some(Field::Group) => project.group = Some(value),
                    Some(Field::ParentGroup) => project.parent_group = Some(value),
                    Some(Field::Artifact) => project.artifact = Some((value, before)),
                    Some(Field::Module) => project.modules.push(value),
                    Some(Field::DepGroup) => set(&mut current, |d| d.group = value),
                    Some(Field::DepArtifact) => set(&mut current, |d| d.artifact = value),
                    Some(Field::DepVersion) => set(&mut current, |d| d.version = Some(value)),
                    Some(Field::DepScope) => set(&mut current, |d| d.scope = Some(value)),
                    None => {}
                }
                if is_dependency_element(&path) {
                    if let Some(dep) = current.take() {
                        let end = skip + reader.buffer_position() as usize;
                        push_dependency(file, out, dep, end);
                    }
                }
                path.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !path.is_empty() && out.notes.is_empty() {
        out.notes.push(Note::new(
            crate::codes::Code::ManifestMalformed,
            file.path,
            file.line_of(file.text.len()),
            "pom.xml ends inside an element",
        ));
    }

    let Some((artifact, offset)) = project.artifact else {
        if out.notes.is_empty() {
            out.notes.push(Note::new(
                crate::codes::Code::ManifestUnnamed,
                file.path,
                0,
                "pom.xml has no <project><artifactId>",
            ));
        }
        return;
    };
    let group = project.group.or(project.parent_group);
    let name = match group {
        Some(group) => format!("{group}:{artifact}"),
        None if artifact.is_empty() => dir_name(file),
        None => artifact,
    };
    let line = file.line_of(offset);
    out.components.push(component(
        file,
        ComponentKind::MavenProject,
        name,
        line,
        project.modules,
    ));
}

fn set(current: &mut Option<DependencyElement>, f: impl FnOnce(&mut DependencyElement)) {
    if let Some(dep) = current.as_mut() {
        f(dep);
    }
}

fn push_dependency(file: &SourceFile<'_>, out: &mut FileFacts, dep: DependencyElement, end: usize) {
    let start_line = file.line_of(dep.start);
    let end_line = file.line_of(end.saturating_sub(1));
    if dep.artifact.is_empty() {
        out.notes.push(Note::new(
            crate::codes::Code::ManifestEntryUnread,
            file.path,
            start_line,
            "pom.xml: <dependency> without <artifactId>",
        ));
        return;
    }
    let dev = matches!(dep.scope.as_deref(), Some("test" | "provided"));
    out.dependencies.push(Dependency {
        ecosystem: Ecosystem::Maven,
        name: format!("{}:{}", dep.group, dep.artifact),
        version: dep.version,
        locked: None,
        dev,
        component: None,
        evidence: Evidence::lines(file.path, file.role, start_line, end_line),
    });
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{dep_line, is_dev, render, run};

    const POM: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>com.acme</groupId>
    <artifactId>acme-parent</artifactId>
    <version>1.0.0</version>
  </parent>
  <artifactId>orders-service</artifactId>
  <modules>
    <module>orders-api</module>
    <module>orders-impl</module>
  </modules>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>org.springframework.boot</groupId>
        <artifactId>spring-boot-dependencies</artifactId>
        <version>3.3.0</version>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-web</artifactId>
    </dependency>
    <dependency>
      <groupId>org.junit.jupiter</groupId>
      <artifactId>junit-jupiter</artifactId>
      <version>${junit.version}</version>
      <scope>test</scope>
    </dependency>
    <dependency><groupId>jakarta.servlet</groupId><artifactId>jakarta.servlet-api</artifactId><scope>provided</scope></dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <artifactId>maven-surefire-plugin</artifactId>
        <dependencies>
          <dependency>
            <groupId>org.ow2.asm</groupId>
            <artifactId>asm</artifactId>
          </dependency>
        </dependencies>
      </plugin>
    </plugins>
  </build>
</project>
"#;

    #[test]
    fn project_modules_and_dependencies() {
        let facts = run("orders/pom.xml", POM);
        insta::assert_snapshot!(render(&facts));
        assert_eq!(
            facts.components[0].name, "com.acme:orders-service",
            "groupId from <parent>"
        );
        assert_eq!(facts.components[0].members, ["orders-api", "orders-impl"]);
        assert_eq!(
            facts.dependencies.len(),
            3,
            "no dependencyManagement or plugin dependencies"
        );
        assert_eq!(
            dep_line(&facts, "org.junit.jupiter:junit-jupiter"),
            Some(28)
        );
        assert_eq!(
            is_dev(&facts, "org.junit.jupiter:junit-jupiter"),
            Some(true)
        );
        assert_eq!(
            is_dev(&facts, "jakarta.servlet:jakarta.servlet-api"),
            Some(true)
        );
        assert_eq!(
            is_dev(&facts, "org.springframework.boot:spring-boot-starter-web"),
            Some(false)
        );
        let junit = &facts.dependencies[1];
        assert_eq!(
            (junit.evidence.start_line, junit.evidence.end_line),
            (28, 33)
        );
        assert_eq!(junit.version.as_deref(), Some("${junit.version}"));
    }

    #[test]
    fn malformed_and_entity_pom() {
        let text = "<project>\n  <groupId>g</groupId>\n  <artifactId>a</artifactId>\n  <dependencies>\n    <dependency>\n      <groupId>x</groupId>\n    </dependncy>\n</project>\n";
        let facts = run("pom.xml", text);
        insta::assert_snapshot!(render(&facts));
        assert_eq!(facts.notes.len(), 1);
        assert_eq!(facts.notes[0].line, 7);

        let entities = r#"<?xml version="1.0"?>
<!DOCTYPE project [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<project><groupId>g&amp;h</groupId><artifactId>&b;</artifactId></project>
"#;
        let facts = run("pom.xml", entities);
        assert_eq!(
            facts.components[0].name, "g&h:&b;",
            "custom entities are not expanded"
        );
    }

    /// Each element's path is looked at when it closes; without a cap on nesting, a deep file
    /// took time quadratic in its depth.
    #[test]
    fn deep_nesting_is_cut_off_with_a_note() {
        let deep = format!(
            "<project><artifactId>a</artifactId>{}{}</project>",
            "<x>".repeat(200_000),
            "</x>".repeat(200_000)
        );
        let facts = run("pom.xml", &deep);
        assert_eq!(facts.notes.len(), 1, "{:?}", facts.notes);
        assert!(facts.notes[0].message.contains("deeper than 256"));
        assert_eq!(facts.components[0].name, "a", "what came before is kept");
    }
}
