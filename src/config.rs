//! The repository's own settings: `gapscope.toml` at the root of the analysed tree.
//!
//! ```toml
//! exclude = ["legacy/**"]
//! target = "docs/gapscope-target.yaml"
//! history = ".gapscope/history.db"
//!
//! [[suppress]]
//! id = "ha.autoscaling"
//! reason = "fixed-size batch cluster; load is scheduled"
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Suppressions from the repository's gapscope.toml: requirement id → reason.
pub type Suppressions = std::collections::BTreeMap<String, String>;

pub const FILE_NAME: &str = "gapscope.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepoConfig {
    /// Globs to leave out of the analysis, like `--exclude`.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// A target file, relative to the repository root, used when `--target` is not given.
    #[serde(default)]
    pub target: Option<PathBuf>,
    #[serde(default)]
    pub suppress: Vec<Suppression>,
    /// The history database for `analyze --record` and `history`, relative to the root.
    #[serde(default)]
    pub history: Option<PathBuf>,
    /// The file's text and path, for error positions found after parsing.
    #[serde(skip)]
    text: String,
    #[serde(skip)]
    path: PathBuf,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suppression {
    /// Spanned so errors point at the entry itself.
    pub id: toml::Spanned<String>,
    pub reason: toml::Spanned<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
}

impl RepoConfig {
    /// Reads `gapscope.toml` in `root`, if there is one.
    pub fn load(root: &Path) -> Result<RepoConfig, ConfigError> {
        let path = root.join(FILE_NAME);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(RepoConfig::default()),
            Err(source) => return Err(ConfigError::Read { path, source }),
        };
        let mut config: RepoConfig = toml::from_str(&text).map_err(|e| {
            let offset = e.span().map(|s| s.start).unwrap_or(0);
            let (line, column) = crate::text::line_column(&text, offset);
            ConfigError::Invalid {
                path: path.clone(),
                line,
                column,
                message: e.message().to_string(),
            }
        })?;
        for s in &config.suppress {
            if s.reason.get_ref().trim().is_empty() {
                let (line, column) = crate::text::line_column(&text, s.reason.span().start);
                return Err(ConfigError::Invalid {
                    path,
                    line,
                    column,
                    message: format!("suppressing `{}` needs a reason", s.id.get_ref()),
                });
            }
        }
        config.text = text;
        config.path = path;
        Ok(config)
    }

    /// Checks that every suppression names a requirement of the target: a mistyped id would
    /// otherwise suppress nothing, silently.
    pub fn check_suppressions(&self, known: impl Fn(&str) -> bool) -> Result<(), ConfigError> {
        for s in &self.suppress {
            if !known(s.id.get_ref()) {
                let (line, column) = crate::text::line_column(&self.text, s.id.span().start);
                return Err(ConfigError::Invalid {
                    path: self.path.clone(),
                    line,
                    column,
                    message: format!(
                        "suppression of `{}`, which is not a requirement of the target (`gapscope rules` lists them)",
                        s.id.get_ref()
                    ),
                });
            }
        }
        Ok(())
    }

    pub fn suppressions(&self) -> Suppressions {
        self.suppress
            .iter()
            .map(|s| (s.id.get_ref().clone(), s.reason.get_ref().clone()))
            .collect()
    }
}
