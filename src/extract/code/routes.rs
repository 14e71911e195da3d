//! HTTP routes (method and path) from the common frameworks' registrations, and entry points
//! with the ports they listen on, read line by line.
//!
//! Registrations are read where the path is a literal on the registering line; prefixes from
//! router groups in other statements are not joined (a NestJS `@Controller` or Spring class
//! `@RequestMapping` prefix in the same file is).

use std::sync::LazyLock;

use regex::Regex;

use super::Lang;
use crate::extract::SourceFile;
use crate::facts::code::{Listener, Route};
use crate::facts::{CodeFacts, Evidence};

fn re(s: &str) -> Regex {
    super::ascii_regex(s)
}

const METHODS: &str = "GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS";

static GO_ROUTE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r#"\.(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|Any|Get|Post|Put|Patch|Delete|Head|Options|Handle|HandleFunc|HandlerFunc)\(\s*"((?:(?:{METHODS}) +)?/[^"]*)""#
    ))
});
static PY_DECORATOR: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?m)^[ \t]*@\w+(?:\.\w+)*\.(get|post|put|patch|delete|head|options|route|api_route|websocket)\(\s*["'](/[^"']*)["']([^\n]*)"#,
    )
});
static PY_METHODS: LazyLock<Regex> = LazyLock::new(|| re(r#"methods\s*=\s*[\[(]\s*["'](\w+)["']"#));
static DJANGO: LazyLock<Regex> =
    LazyLock::new(|| re(r#"\b(re_)?path\(\s*r?["']\^?([^"'\n]*?)\$?["']\s*,"#));
static EXPRESS: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"\b(\w+)\.(get|post|put|patch|delete|all|head|options)\(\s*["'`](/[^"'`\n]*)["'`]\s*,"#)
});
static NEST_CONTROLLER: LazyLock<Regex> =
    LazyLock::new(|| re(r#"@Controller\(\s*["'`]([^"'`]*)["'`]"#));
static NEST_ROUTE: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"@(Get|Post|Put|Patch|Delete|All|Head|Options)\(\s*(?:["'`]([^"'`\n]*)["'`])?\s*\)"#)
});
static NEXT_HANDLER: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?m)^export\s+(?:async\s+)?(?:function\s+|const\s+)({METHODS})\b"
    ))
});
static AXUM: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"\.route\(\s*"(/[^"]*)"\s*,\s*(?:web::|routing::)?(get|post|put|patch|delete|head|options|any)\b"#,
    )
});
static ACTIX_ATTR: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"#\[(?:actix_web::)?(get|post|put|patch|delete|head|options)\(\s*"(/[^"]*)""#)
});
static SPRING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"@(Get|Post|Put|Patch|Delete|Request)Mapping\s*(?:\(\s*(?:(?:value|path)\s*=\s*)?\{?\s*"([^"\n]*)")?"#,
    )
});
static JAVA_CLASS: LazyLock<Regex> = LazyLock::new(|| re(r"(?m)(^|\s)class\s"));

static MAIN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?m)^[ \t]*(func main\(\)|if __name__ == ["']__main__["']|(pub\s+)?(async\s+)?fn main\(\)|public static void main\()"#,
    )
});
static LISTEN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(ListenAndServe(?:TLS)?|net\.Listen|\.Run|\.Start|\.listen|\bbind|uvicorn\.run|\bapp\.run|serve)\w*\s*\((?:[^)\n]*?)(?:":|:|port\s*=\s*|\[0,\s*0,\s*0,\s*0\],\s*)(\d{2,5})\b|\bAddr:\s*"[\w.-]*:(\d{2,5})""#,
    )
});

pub fn extract(file: &SourceFile<'_>, lang: Lang, out: &mut CodeFacts) {
    let text = file.text;
    let mut route = |offset: usize, method: &str, path: String, framework: &str| {
        let (line_no, line) = super::line_at(file, offset);
        out.routes.push(Route {
            method: method.to_ascii_uppercase(),
            // A path can hold a token (`/hook/ghp_…`).
            path: crate::text::redact(&path),
            framework: framework.to_string(),
            evidence: Evidence::line(file.path, file.role, line_no)
                .with_snippet(super::snippet(line)),
            component: None,
        });
    };
    match lang {
        Lang::Go => {
            for c in GO_ROUTE.captures_iter(text) {
                let call = &c[1];
                let (method, path) = split_method(&c[2]);
                let framework = match call {
                    "Handle" | "HandleFunc" | "HandlerFunc" => "net/http",
                    "Get" | "Post" | "Put" | "Patch" | "Delete" | "Head" | "Options" => "chi",
                    _ => "gin/echo",
                };
                let method = method.unwrap_or(match call {
                    "Handle" | "HandleFunc" | "HandlerFunc" | "Any" => "ANY",
                    m => m,
                });
                route(
                    c.get(0).map_or(0, |m| m.start()),
                    method,
                    path.to_string(),
                    framework,
                );
            }
        }
        Lang::Python => {
            for c in PY_DECORATOR.captures_iter(text) {
                let verb = &c[1];
                let method = match verb {
                    "route" | "api_route" => PY_METHODS
                        .captures(&c[3])
                        .map(|m| m[1].to_string())
                        .unwrap_or_else(|| {
                            if verb == "route" {
                                "GET".into()
                            } else {
                                "ANY".into()
                            }
                        }),
                    "websocket" => "WEBSOCKET".into(),
                    v => v.to_string(),
                };
                let framework = if verb == "route" { "flask" } else { "fastapi" };
                route(
                    c.get(1).map_or(0, |m| m.start()),
                    &method,
                    c[2].to_string(),
                    framework,
                );
            }
            if file.file_name == "urls.py" {
                for c in DJANGO.captures_iter(text) {
                    route(
                        c.get(0).map_or(0, |m| m.start()),
                        "ANY",
                        join("/", &c[2]),
                        "django",
                    );
                }
            }
        }
        Lang::TypeScript | Lang::Tsx | Lang::JavaScript => {
            for c in EXPRESS.captures_iter(text) {
                if !matches!(
                    &c[1],
                    "axios"
                        | "http"
                        | "https"
                        | "request"
                        | "client"
                        | "fetch"
                        | "api"
                        | "superagent"
                        | "got"
                        | "ky"
                ) {
                    route(
                        c.get(0).map_or(0, |m| m.start()),
                        &c[2],
                        c[3].to_string(),
                        "express",
                    );
                }
            }
            let prefix = NEST_CONTROLLER
                .captures(text)
                .map(|c| join("/", &c[1]))
                .unwrap_or_default();
            for c in NEST_ROUTE.captures_iter(text) {
                let path = join(&prefix, c.get(2).map_or("", |m| m.as_str()));
                route(c.get(0).map_or(0, |m| m.start()), &c[1], path, "nestjs");
            }
            if let Some(path) = next_route_path(file.path) {
                for c in NEXT_HANDLER.captures_iter(text) {
                    route(
                        c.get(0).map_or(0, |m| m.start()),
                        &c[1],
                        path.clone(),
                        "nextjs",
                    );
                }
            }
        }
        Lang::Rust => {
            for c in AXUM.captures_iter(text) {
                route(
                    c.get(0).map_or(0, |m| m.start()),
                    &c[2],
                    c[1].to_string(),
                    "axum",
                );
            }
            for c in ACTIX_ATTR.captures_iter(text) {
                route(
                    c.get(0).map_or(0, |m| m.start()),
                    &c[1],
                    c[2].to_string(),
                    "actix-web",
                );
            }
        }
        Lang::Java | Lang::Kotlin => {
            // A class-level @RequestMapping (before the class line) prefixes the methods'.
            let class_at = JAVA_CLASS.find(text).map_or(usize::MAX, |m| m.start());
            let mut prefix = String::new();
            for c in SPRING.captures_iter(text) {
                let at = c.get(0).map_or(0, |m| m.start());
                let path = c.get(2).map_or("", |m| m.as_str());
                if &c[1] == "Request" && at < class_at {
                    prefix = join("/", path);
                } else {
                    let method = if &c[1] == "Request" { "ANY" } else { &c[1] };
                    route(at, method, join(&prefix, path), "spring");
                }
            }
        }
    }

    for m in MAIN.find_iter(text) {
        let (line_no, line) =
            super::line_at(file, m.start() + (m.len() - m.as_str().trim_start().len()));
        out.listeners.push(Listener {
            kind: "main".into(),
            port: None,
            evidence: Evidence::line(file.path, file.role, line_no)
                .with_snippet(super::snippet(line)),
            component: None,
        });
    }
    for c in LISTEN.captures_iter(text) {
        let Some(port) = c
            .get(2)
            .or_else(|| c.get(3))
            .and_then(|m| m.as_str().parse::<u16>().ok())
        else {
            continue;
        };
        let (line_no, line) = super::line_at(file, c.get(0).map_or(0, |m| m.start()));
        out.listeners.push(Listener {
            kind: "listen".into(),
            port: Some(port),
            evidence: Evidence::line(file.path, file.role, line_no)
                .with_snippet(super::snippet(line)),
            component: None,
        });
    }
}

/// `GET /x` → (GET, /x).
fn split_method(pattern: &str) -> (Option<&str>, &str) {
    match pattern.split_once(' ') {
        Some((m, p)) => (Some(m), p.trim()),
        None => (None, pattern),
    }
}

fn join(prefix: &str, path: &str) -> String {
    let p = format!(
        "{}/{}",
        prefix.trim_end_matches('/'),
        path.trim_start_matches('/')
    );
    let p = if p.starts_with('/') {
        p
    } else {
        format!("/{p}")
    };
    if p.len() > 1 {
        p.trim_end_matches('/').to_string()
    } else {
        p
    }
}

/// `(marketing)`: a Next.js route group, which is not part of the URL.
fn is_route_group(segment: &str) -> bool {
    segment.starts_with('(') && segment.ends_with(')')
}

/// The URL path a Next.js App Router `route.ts` serves: `src/app/api/health/route.ts` →
/// `/api/health` (route groups `(x)` dropped, `[id]` kept).
fn next_route_path(path: &str) -> Option<String> {
    let (dir, name) = path.rsplit_once('/')?;
    if !name.starts_with("route.") {
        return None;
    }
    let at = dir
        .find("app/")
        .map(|i| i + 4)
        .or_else(|| (dir == "app").then_some(3))?;
    if at > 4 && !dir[..at - 4].ends_with('/') {
        return None;
    }
    let rest: Vec<&str> = dir[at.min(dir.len())..]
        .split('/')
        .filter(|s| !s.is_empty() && !is_route_group(s))
        .collect();
    Some(format!("/{}", rest.join("/")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::test_file;

    fn routes(path: &str, lang: Lang, text: &str) -> Vec<String> {
        let mut out = CodeFacts::default();
        extract(&test_file(path, text), lang, &mut out);
        out.routes
            .iter()
            .map(|r| {
                format!(
                    "{} {} {} :{}",
                    r.method, r.path, r.framework, r.evidence.start_line
                )
            })
            .collect()
    }

    #[test]
    fn routes_of_each_framework() {
        assert_eq!(
            routes("main.go", Lang::Go, "mux.HandleFunc(\"/healthz\", h)\nmux.HandleFunc(\"GET /api/v1/agents\", h)\nr.GET(\"/v1/x\", h)\nr.Get(\"/y\", h)\n"),
            ["ANY /healthz net/http :1", "GET /api/v1/agents net/http :2", "GET /v1/x gin/echo :3", "GET /y chi :4"]
        );
        assert_eq!(
            routes(
                "app/main.py",
                Lang::Python,
                "@app.post(\"/v1/chat\")\n@bp.route('/login', methods=['POST'])\n"
            ),
            ["POST /v1/chat fastapi :1", "POST /login flask :2"]
        );
        assert_eq!(
            routes(
                "x/urls.py",
                Lang::Python,
                "urlpatterns = [\n    path('api/v1/items/', views.items),\n]\n"
            ),
            ["ANY /api/v1/items django :2"]
        );
        assert_eq!(
            routes(
                "src/app/api/health/route.ts",
                Lang::TypeScript,
                "export async function GET() {}\n"
            ),
            ["GET /api/health nextjs :1"]
        );
        assert_eq!(
            routes("s.ts", Lang::TypeScript, "@Controller('users')\nclass C {\n  @Get(':id')\n  one() {}\n}\napp.get('/ping', h)\naxios.get('/nope', x)\n"),
            ["GET /ping express :6", "GET /users/:id nestjs :3"]
        );
        assert_eq!(
            routes(
                "main.rs",
                Lang::Rust,
                ".route(\"/health\", get(health))\n#[post(\"/v1/items\")]\n"
            ),
            ["GET /health axum :1", "POST /v1/items actix-web :2"]
        );
        assert_eq!(
            routes(
                "A.java",
                Lang::Java,
                "@RequestMapping(\"/api/v1\")\npublic class A {\n  @GetMapping(\"/items\")\n"
            ),
            ["GET /api/v1/items spring :3"]
        );
    }

    #[test]
    fn entry_points_and_ports() {
        let mut out = CodeFacts::default();
        let text = "package main\nfunc main() {\n\thttp.ListenAndServe(\":8080\", mux)\n}\n";
        extract(&test_file("main.go", text), Lang::Go, &mut out);
        let got: Vec<(String, Option<u16>, u32)> = out
            .listeners
            .iter()
            .map(|l| (l.kind.clone(), l.port, l.evidence.start_line))
            .collect();
        assert_eq!(
            got,
            [("main".into(), None, 2), ("listen".into(), Some(8080), 3)]
        );
        let mut out = CodeFacts::default();
        extract(
            &test_file("main.py", "uvicorn.run(app, host=\"0.0.0.0\", port=8000)\n"),
            Lang::Python,
            &mut out,
        );
        assert_eq!(out.listeners[0].port, Some(8000));
    }
}
