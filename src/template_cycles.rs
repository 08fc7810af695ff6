//! How templates refer to each other. Finds templates that include themselves and macros that
//! call themselves, directly or through others (Tera has no depth limit: either would overflow
//! the stack and abort the build, so they are refused before any page renders), and the
//! templates each one renders with (what a page depends on, for the dev server).

use std::collections::{BTreeMap, BTreeSet};
use tera::ast::{Expr, ExprVal, Node};
use tera::Template;

/// A macro: (template file, macro name).
type MacroId = (String, String);

/// What a piece of template refers to.
#[derive(Default)]
struct References {
    /// (namespace, macro name)
    macros: Vec<(String, String)>,
    /// Template names.
    includes: Vec<String>,
}

/// The templates (name → parsed template) that include themselves, each with its chain
/// (`a.html → b.html → a.html`).
pub fn recursive_includes(templates: &BTreeMap<String, Template>) -> Vec<(String, String)> {
    let includes: BTreeMap<String, BTreeSet<String>> = templates
        .iter()
        .map(|(file, template)| {
            let mut references = References::default();
            nodes_references(&template.ast, &mut references);
            (file.clone(), references.includes.into_iter().collect())
        })
        .collect();
    cycles(&includes, |file| file.clone())
}

/// Each template with every template it renders with: itself, the templates it extends,
/// includes and imports macros from, and theirs in turn.
pub fn template_dependencies(
    templates: &BTreeMap<String, Template>,
) -> BTreeMap<String, BTreeSet<String>> {
    let direct: BTreeMap<&str, Vec<String>> = templates
        .iter()
        .map(|(file, template)| {
            let mut references = References::default();
            nodes_references(&template.ast, &mut references);
            let mut uses = references.includes;
            uses.extend(template.parent.iter().cloned());
            uses.extend(
                template
                    .imported_macro_files
                    .iter()
                    .map(|(imported, _)| imported.clone()),
            );
            (file.as_str(), uses)
        })
        .collect();
    direct
        .keys()
        .map(|&file| {
            let mut reached = BTreeSet::new();
            let mut queue = vec![file.to_string()];
            while let Some(next) = queue.pop() {
                if let Some(uses) = direct.get(next.as_str()) {
                    queue.extend(uses.iter().filter(|used| !reached.contains(*used)).cloned());
                }
                reached.insert(next);
            }
            (file.to_string(), reached)
        })
        .collect()
}

/// The macros that are part of a call cycle: their file, and the cycle (`a → b → a`).
pub fn recursive_macros(templates: &BTreeMap<String, Template>) -> Vec<(String, String)> {
    let mut calls: BTreeMap<MacroId, BTreeSet<MacroId>> = BTreeMap::new();
    for (file, template) in templates {
        for (name, definition) in &template.macros {
            let mut references = References::default();
            nodes_references(&definition.body, &mut references);
            let targets = references
                .macros
                .into_iter()
                .filter_map(|(namespace, callee)| {
                    let callee_file = if namespace == "self" {
                        Some(file.clone())
                    } else {
                        template
                            .imported_macro_files
                            .iter()
                            .find(|(_, alias)| *alias == namespace)
                            .map(|(imported, _)| imported.clone())
                    }?;
                    Some((callee_file, callee))
                })
                .collect();
            calls.insert((file.clone(), name.clone()), targets);
        }
    }
    cycles(&calls, |(_, name)| name.clone())
        .into_iter()
        .map(|((file, _), cycle)| (file, cycle))
        .collect()
}

/// Every node that leads back to itself, with its cycle written with `label`s.
fn cycles<K: Ord + Clone>(
    edges: &BTreeMap<K, BTreeSet<K>>,
    label: impl Fn(&K) -> String,
) -> Vec<(K, String)> {
    edges
        .keys()
        .filter_map(|start| {
            let path = path_back_to(start, edges)?;
            let names: Vec<String> = path.iter().chain([start]).map(&label).collect();
            Some((start.clone(), names.join(" → ")))
        })
        .collect()
}

/// A chain of edges from `start` back to itself, if there is one (depth-first).
fn path_back_to<K: Ord + Clone>(start: &K, edges: &BTreeMap<K, BTreeSet<K>>) -> Option<Vec<K>> {
    let mut stack = vec![(start.clone(), vec![start.clone()])];
    let mut seen = BTreeSet::new();
    while let Some((current, path)) = stack.pop() {
        for next in edges.get(&current).into_iter().flatten() {
            if next == start {
                return Some(path);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push((next.clone(), longer));
            }
        }
    }
    None
}

fn nodes_references(nodes: &[Node], out: &mut References) {
    for node in nodes {
        match node {
            Node::Include(_, names, _) => out.includes.extend(names.iter().cloned()),
            Node::MacroDefinition(_, definition, _) => nodes_references(&definition.body, out),
            Node::VariableBlock(_, expr) => expr_calls(expr, out),
            Node::Set(_, set) => expr_calls(&set.value, out),
            Node::FilterSection(_, section, _) => {
                section
                    .filter
                    .args
                    .values()
                    .for_each(|e| expr_calls(e, out));
                nodes_references(&section.body, out);
            }
            Node::Block(_, block, _) => nodes_references(&block.body, out),
            Node::Forloop(_, forloop, _) => {
                expr_calls(&forloop.container, out);
                nodes_references(&forloop.body, out);
                nodes_references(forloop.empty_body.as_deref().unwrap_or_default(), out);
            }
            Node::If(branches, _) => {
                for (_, condition, body) in &branches.conditions {
                    expr_calls(condition, out);
                    nodes_references(body, out);
                }
                if let Some((_, body)) = &branches.otherwise {
                    nodes_references(body, out);
                }
            }
            _ => {}
        }
    }
}

fn expr_calls(expr: &Expr, out: &mut References) {
    for filter in &expr.filters {
        filter.args.values().for_each(|e| expr_calls(e, out));
    }
    value_calls(&expr.val, out);
}

fn value_calls(value: &ExprVal, out: &mut References) {
    match value {
        ExprVal::MacroCall(call) => {
            out.macros.push((call.namespace.clone(), call.name.clone()));
            call.args.values().for_each(|e| expr_calls(e, out));
        }
        ExprVal::Math(math) => {
            expr_calls(&math.lhs, out);
            expr_calls(&math.rhs, out);
        }
        ExprVal::Logic(logic) => {
            expr_calls(&logic.lhs, out);
            expr_calls(&logic.rhs, out);
        }
        ExprVal::In(within) => {
            expr_calls(&within.lhs, out);
            expr_calls(&within.rhs, out);
        }
        ExprVal::Test(test) => test.args.iter().for_each(|e| expr_calls(e, out)),
        ExprVal::FunctionCall(call) => call.args.values().for_each(|e| expr_calls(e, out)),
        ExprVal::Array(items) => items.iter().for_each(|e| expr_calls(e, out)),
        ExprVal::StringConcat(concat) => concat.values.iter().for_each(|v| value_calls(v, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(files: &[(&str, &str)]) -> BTreeMap<String, Template> {
        files
            .iter()
            .map(|(name, text)| (name.to_string(), Template::new(name, None, text).unwrap()))
            .collect()
    }

    #[test]
    fn each_template_depends_on_what_it_extends_includes_and_imports() {
        let templates = parse(&[
            (
                "base.html",
                r#"<main>{% block content %}{% endblock content %}</main>{% include "footer.html" %}"#,
            ),
            ("footer.html", "<footer></footer>"),
            ("macros.html", "{% macro card() %}c{% endmacro card %}"),
            (
                "page.html",
                r#"{% extends "base.html" %}{% import "macros.html" as m %}{% block content %}{% if true %}{% include "toc.html" %}{% endif %}{{ m::card() }}{% endblock content %}"#,
            ),
            ("toc.html", "<nav></nav>"),
            ("404.html", "<p>404</p>"),
        ]);
        let dependencies = template_dependencies(&templates);
        let of = |name: &str| dependencies[name].iter().cloned().collect::<Vec<_>>();
        assert_eq!(
            of("page.html"),
            [
                "base.html",
                "footer.html",
                "macros.html",
                "page.html",
                "toc.html"
            ]
        );
        assert_eq!(of("base.html"), ["base.html", "footer.html"]);
        assert_eq!(of("404.html"), ["404.html"]);
    }

    #[test]
    fn direct_and_indirect_cycles_are_found_across_files() {
        let templates = parse(&[
            (
                "a.html",
                r#"{% import "b.html" as b %}{% macro x() %}{% if true %}{{ b::y() }}{% endif %}{% endmacro x %}"#,
            ),
            (
                "b.html",
                r#"{% import "a.html" as a %}{% macro y() %}{% for i in [1] %}{{ a::x() | upper }}{% endfor %}{% endmacro y %}"#,
            ),
            (
                "c.html",
                r#"{% macro z(n) %}{{ self::z(n=n) }}{% endmacro z %}{% macro ok() %}{{ self::leaf() }}{% endmacro ok %}{% macro leaf() %}x{% endmacro leaf %}"#,
            ),
        ]);
        let found = recursive_macros(&templates);
        assert_eq!(
            found,
            [
                ("a.html".to_string(), "x → y → x".to_string()),
                ("b.html".to_string(), "y → x → y".to_string()),
                ("c.html".to_string(), "z → z".to_string()),
            ]
        );
    }

    #[test]
    fn include_cycles_are_found() {
        let templates = parse(&[
            (
                "a.html",
                r#"{% block x %}{% include "b.html" %}{% endblock x %}"#,
            ),
            (
                "b.html",
                r#"{% if true %}{% include "a.html" %}{% endif %}"#,
            ),
            ("c.html", r#"{% include "d.html" %}"#),
            ("d.html", "leaf"),
        ]);
        assert_eq!(
            recursive_includes(&templates),
            [
                ("a.html".to_string(), "a.html → b.html → a.html".to_string()),
                ("b.html".to_string(), "b.html → a.html → b.html".to_string()),
            ]
        );
    }

    #[test]
    fn the_default_theme_has_no_cycle() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
        let templates: BTreeMap<String, Template> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|entry| {
                let name = entry.unwrap().file_name().to_string_lossy().into_owned();
                let text = std::fs::read_to_string(dir.join(&name)).unwrap();
                let template = Template::new(&name, None, &text).unwrap();
                (name, template)
            })
            .collect();
        assert!(recursive_macros(&templates).is_empty());
        assert!(recursive_includes(&templates).is_empty());
    }
}
