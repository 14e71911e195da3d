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
    Regex::new(s).expect("static regex")
}

const METHODS: &str = "GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS";

static GO_ROUTE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r#"\.(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|Any|Get|Post|Put|Patch|Delete|Head|Options|Handle|HandleFunc|HandlerFunc)\(\s*"((?:(?:{METHODS}) +)?/[^"]*)""#
    ))
});
static PY_DECORATOR: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"^\s*@\w+(?:\.\w+)*\.(get|post|put|patch|delete|head|options|route|api_route|websocket)\(\s*["'](/[^"']*)["'](.*)"#)
});
static PY_METHODS: LazyLock<Regex> =
    LazyLock::new(|| re(r#"methods\s*=\s*[\[(]\s*["'](\w+)["']"#));
static DJANGO: LazyLock<Regex> =
    LazyLock::new(|| re(r#"\b(re_)?path\(\s*r?["']\^?([^"']*?)\$?["']\s*,"#));
static EXPRESS: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"\b(\w+)\.(get|post|put|patch|delete|all|head|options)\(\s*["'`](/[^"'`]*)["'`]\s*,"#)
});
static NEST_CONTROLLER: LazyLock<Regex> =
    LazyLock::new(|| re(r#"@Controller\(\s*["'`]([^"'`]*)["'`]"#));
static NEST_ROUTE: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"@(Get|Post|Put|Patch|Delete|All|Head|Options)\(\s*(?:["'`]([^"'`]*)["'`])?\s*\)"#)
});
static NEXT_HANDLER: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"^export\s+(?:async\s+)?(?:function\s+|const\s+)({METHODS})\b"
    ))
});
static AXUM: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"\.route\(\s*"(/[^"]*)"\s*,\s*(?:web::|routing::)?(get|post|put|patch|delete|head|options|any)\b"#)
});
static ACTIX_ATTR: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"#\[(?:actix_web::)?(get|post|put|patch|delete|head|options)\(\s*"(/[^"]*)""#)
});
static SPRING: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"@(Get|Post|Put|Patch|Delete|Request)Mapping\s*(?:\(\s*(?:(?:value|path)\s*=\s*)?\{?\s*"([^"]*)")?"#)
});

static MAIN: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"^func main\(\)|^if __name__ == ["']__main__["']|^(pub\s+)?(async\s+)?fn main\(\)|public static void main\("#)
});
static LISTEN: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"(ListenAndServe(?:TLS)?|net\.Listen|\.Run|\.Start|\.listen|\bbind|uvicorn\.run|\bapp\.run|serve)\w*\s*\((?:[^)\n]*?)(?:":|:|port\s*=\s*|\[0,\s*0,\s*0,\s*0\],\s*)(\d{2,5})\b"#)
});
static ADDR_FIELD: LazyLock<Regex> = LazyLock::new(|| re(r#"\bAddr:\s*"[\w.-]*:(\d{2,5})""#));

pub fn extract(file: &SourceFile<'_>, lang: Lang, out: &mut CodeFacts) {
    let text = file.text;
    let mut prefix = String::new();
    if lang.is_js_family() {
        if let Some(c) = NEST_CONTROLLER.captures(text) {
            prefix = join("/", &c[1]);
        }
    }
    let next_route = lang.is_js_family().then(|| next_route_path(file.path)).flatten();
    let mut class_seen = false;
    for (line_no, _, line) in super::lines(text) {
        let mut route = |method: &str, path: String, framework: &str| {
            out.routes.push(Route {
                method: method.to_ascii_uppercase(),
                path,
                framework: framework.to_string(),
                evidence: Evidence::line(file.path, file.role, line_no)
                    .with_snippet(super::snippet(line)),
                component: None,
            });
        };
        match lang {
            Lang::Go => {
                for c in GO_ROUTE.captures_iter(line) {
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
                    route(method, path.to_string(), framework);
                }
            }
            Lang::Python => {
                if let Some(c) = PY_DECORATOR.captures(line) {
                    let verb = &c[1];
                    let method = match verb {
                        "route" | "api_route" => PY_METHODS
                            .captures(&c[3])
                            .map(|m| m[1].to_string())
                            .unwrap_or_else(|| {
                                if verb == "route" { "GET".into() } else { "ANY".into() }
                            }),
                        "websocket" => "WEBSOCKET".into(),
                        v => v.to_string(),
                    };
                    let framework = if verb == "route" { "flask" } else { "fastapi" };
                    route(&method, c[2].to_string(), framework);
                } else if file.file_name == "urls.py" {
                    if let Some(c) = DJANGO.captures(line) {
                        route("ANY", join("/", &c[2]), "django");
                    }
                }
            }
            Lang::TypeScript | Lang::Tsx | Lang::JavaScript => {
                if let Some(c) = EXPRESS.captures(line) {
                    let receiver = &c[1];
                    if receiver != "axios" && receiver != "http" && receiver != "request" && receiver != "client" && receiver != "fetch" {
                        route(&c[2], c[3].to_string(), "express");
                    }
                }
                if let Some(c) = NEST_ROUTE.captures(line) {
                    let path = join(&prefix, c.get(2).map_or("", |m| m.as_str()));
                    route(&c[1], path, "nestjs");
                }
                if let (Some(path), Some(c)) = (&next_route, NEXT_HANDLER.captures(line)) {
                    route(&c[1], path.clone(), "nextjs");
                }
            }
            Lang::Rust => {
                if let Some(c) = AXUM.captures(line) {
                    route(&c[2], c[1].to_string(), "axum");
                }
                if let Some(c) = ACTIX_ATTR.captures(line) {
                    route(&c[1], c[2].to_string(), "actix-web");
                }
            }
            Lang::Java | Lang::Kotlin => {
                if let Some(c) = SPRING.captures(line) {
                    let path = c.get(2).map_or("", |m| m.as_str());
                    if &c[1] == "Request" && !class_seen {
                        prefix = join("/", path);
                    } else {
                        let method = if &c[1] == "Request" { "ANY" } else { &c[1] };
                        route(method, join(&prefix, path), "spring");
                    }
                }
                if line.contains(" class ") || line.starts_with("class ") {
                    class_seen = true;
                }
            }
        }

        let trimmed = line.trim_start();
        if MAIN.is_match(trimmed) {
            out.listeners.push(Listener {
                kind: "main".into(),
                port: None,
                evidence: Evidence::line(file.path, file.role, line_no)
                    .with_snippet(super::snippet(line)),
                component: None,
            });
        }
        let port = LISTEN
            .captures(line)
            .or_else(|| ADDR_FIELD.captures(line))
            .and_then(|c| c.get(c.len() - 1))
            .and_then(|m| m.as_str().parse::<u16>().ok());
        if let Some(port) = port {
            out.listeners.push(Listener {
                kind: "listen".into(),
                port: Some(port),
                evidence: Evidence::line(file.path, file.role, line_no)
                    .with_snippet(super::snippet(line)),
                component: None,
            });
        }
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
    let p = if p.starts_with('/') { p } else { format!("/{p}") };
    if p.len() > 1 {
        p.trim_end_matches('/').to_string()
    } else {
        p
    }
}

/// The URL path a Next.js App Router `route.ts` serves: `src/app/api/health/route.ts` →
/// `/api/health` (route groups `(x)` dropped, `[id]` kept).
fn next_route_path(path: &str) -> Option<String> {
    let (dir, name) = path.rsplit_once('/')?;
    if !name.starts_with("route.") {
        return None;
    }
    let at = dir.find("app/").map(|i| i + 4).or_else(|| (dir == "app").then_some(3))?;
    if at > 4 && !dir[..at - 4].ends_with('/') {
        return None;
    }
    let rest: Vec<&str> = dir[at.min(dir.len())..]
        .split('/')
        .filter(|s| !s.is_empty() && !(s.starts_with('(') && s.ends_with(')')))
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
            .map(|r| format!("{} {} {} :{}", r.method, r.path, r.framework, r.evidence.start_line))
            .collect()
    }

    #[test]
    fn routes_of_each_framework() {
        assert_eq!(
            routes("main.go", Lang::Go, "mux.HandleFunc(\"/healthz\", h)\nmux.HandleFunc(\"GET /api/v1/agents\", h)\nr.GET(\"/v1/x\", h)\nr.Get(\"/y\", h)\n"),
            ["ANY /healthz net/http :1", "GET /api/v1/agents net/http :2", "GET /v1/x gin/echo :3", "GET /y chi :4"]
        );
        assert_eq!(
            routes("app/main.py", Lang::Python, "@app.post(\"/v1/chat\")\n@bp.route('/login', methods=['POST'])\n"),
            ["POST /v1/chat fastapi :1", "POST /login flask :2"]
        );
        assert_eq!(
            routes("x/urls.py", Lang::Python, "urlpatterns = [\n    path('api/v1/items/', views.items),\n]\n"),
            ["ANY /api/v1/items django :2"]
        );
        assert_eq!(
            routes("src/app/api/health/route.ts", Lang::TypeScript, "export async function GET() {}\n"),
            ["GET /api/health nextjs :1"]
        );
        assert_eq!(
            routes("s.ts", Lang::TypeScript, "@Controller('users')\nclass C {\n  @Get(':id')\n  one() {}\n}\napp.get('/ping', h)\naxios.get('/nope', x)\n"),
            ["GET /users/:id nestjs :3", "GET /ping express :6"]
        );
        assert_eq!(
            routes("main.rs", Lang::Rust, ".route(\"/health\", get(health))\n#[post(\"/v1/items\")]\n"),
            ["GET /health axum :1", "POST /v1/items actix-web :2"]
        );
        assert_eq!(
            routes("A.java", Lang::Java, "@RequestMapping(\"/api/v1\")\npublic class A {\n  @GetMapping(\"/items\")\n"),
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
        assert_eq!(got, [("main".into(), None, 2), ("listen".into(), Some(8080), 3)]);
        let mut out = CodeFacts::default();
        extract(
            &test_file("main.py", "uvicorn.run(app, host=\"0.0.0.0\", port=8000)\n"),
            Lang::Python,
            &mut out,
        );
        assert_eq!(out.listeners[0].port, Some(8000));
    }
}
