//! Configuration files by format. Their contents are read by the extractors that understand
//! them (Compose, Kubernetes, CI); this inventory only says which exist and where.

use super::{FileFacts, SourceFile};
use crate::facts::{ConfigFile, ConfigFormat};

/// Manifests and lock files are inventoried as such, not as configuration.
const NOT_CONFIG: &[&str] = &[
    "package.json",
    "package-lock.json",
    "composer.json",
    "composer.lock",
    "cargo.toml",
    "cargo.lock",
    "pyproject.toml",
    "poetry.lock",
    "pnpm-lock.yaml",
    "tsconfig.json",
];

pub fn format_of(file_name: &str) -> Option<ConfigFormat> {
    let lower = file_name.to_ascii_lowercase();
    if NOT_CONFIG.contains(&lower.as_str()) {
        return None;
    }
    let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext {
        "yaml" | "yml" => Some(ConfigFormat::Yaml),
        "toml" => Some(ConfigFormat::Toml),
        "json" | "jsonc" | "json5" => Some(ConfigFormat::Json),
        "ini" | "cfg" | "conf" | "properties" => Some(ConfigFormat::Ini),
        _ if lower == ".env" || lower.starts_with(".env.") || ext == "env" => {
            Some(ConfigFormat::Env)
        }
        _ => None,
    }
}

pub fn wants(file_name: &str) -> bool {
    format_of(file_name).is_some()
}

pub fn extract(file: &SourceFile<'_>, out: &mut FileFacts) {
    if let Some(format) = format_of(file.file_name) {
        out.config = Some(ConfigFile {
            path: file.path.to_string(),
            format,
            role: file.role,
            component: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_name() {
        assert_eq!(format_of("values.yaml"), Some(ConfigFormat::Yaml));
        assert_eq!(format_of(".env.example"), Some(ConfigFormat::Env));
        assert_eq!(format_of("setup.cfg"), Some(ConfigFormat::Ini));
        assert_eq!(format_of("package.json"), None);
        assert_eq!(format_of("main.go"), None);
    }
}
