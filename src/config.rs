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
    /// Checked to lie inside the root once loaded.
    #[serde(default, deserialize_with = "spanned_path")]
    target: Option<toml::Spanned<PathBuf>>,
    #[serde(default)]
    pub suppress: Vec<Suppression>,
    /// The history database for `analyze --record` and `history`, relative to the root.
    #[serde(default, deserialize_with = "spanned_path")]
    history: Option<toml::Spanned<PathBuf>>,
    /// Where each `exclude` entry is, to point at one that climbs out of the root.
    #[serde(skip)]
    exclude_spans: Vec<std::ops::Range<usize>>,
    /// The file's text and path, for error positions found after parsing.
    #[serde(skip)]
    text: String,
    #[serde(skip)]
    path: PathBuf,
}

fn spanned_path<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<toml::Spanned<PathBuf>>, D::Error> {
    Option::<toml::Spanned<PathBuf>>::deserialize(d)
}

/// `exclude` again, with the position of each entry.
#[derive(Deserialize)]
struct ExcludeSpans {
    #[serde(default)]
    exclude: Vec<toml::Spanned<String>>,
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
    #[error("{path}: cannot read: {error}")]
    Read {
        path: PathBuf,
        error: std::io::Error,
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
        // A gapscope.toml that is a link out of the repository, a FIFO or a device is refused
        // unread; its content is never quoted.
        if std::fs::symlink_metadata(&path).is_ok() && !crate::input::is_inside(root, &path) {
            return Err(ConfigError::Read {
                path,
                error: std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "a symbolic link leading outside the repository; not read",
                ),
            });
        }
        let text = match crate::input::read_to_string(&path, crate::input::MAX_INPUT_BYTES) {
            Ok(t) => t,
            Err(crate::input::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(RepoConfig::default())
            }
            Err(e) => {
                return Err(ConfigError::Read {
                    path,
                    error: e.into(),
                })
            }
        };
        Self::parse(root, path, text)
    }

    /// Parses the text of a `gapscope.toml` at `path` in the repository at `root` and checks
    /// it as [`RepoConfig::load`] does.
    pub fn parse(root: &Path, path: PathBuf, text: String) -> Result<RepoConfig, ConfigError> {
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
        config.exclude_spans = toml::from_str::<ExcludeSpans>(&text)
            .map(|e| e.exclude.iter().map(|g| g.span()).collect())
            .unwrap_or_default();
        config.text = text;
        config.path = path;
        config.check_confined(root)?;
        Ok(config)
    }

    /// The target file named by gapscope.toml, joined to the root.
    pub fn target(&self, root: &Path) -> Option<PathBuf> {
        self.target.as_ref().map(|t| root.join(t.get_ref()))
    }

    /// The history database named by gapscope.toml, relative to the root as written.
    pub fn history(&self) -> Option<&Path> {
        self.history.as_ref().map(|h| h.get_ref().as_path())
    }

    /// Every path gapscope.toml names must stay inside the repository: a repository's settings
    /// may not make gapscope read or write elsewhere (`target = "/etc/shadow"`, `history =
    /// "../../x.db"`). An exclude that climbs out would exclude nothing and is refused too.
    fn check_confined(&self, root: &Path) -> Result<(), ConfigError> {
        let paths = [("target", &self.target), ("history", &self.history)];
        for (key, value) in paths {
            let Some(value) = value else { continue };
            let path = value.get_ref();
            if path.is_absolute() || !crate::input::is_inside(root, &root.join(path)) {
                return Err(self.invalid_at(
                    value.span().start,
                    format!("`{key}` must name a path inside the repository"),
                ));
            }
        }
        for (glob, span) in self.exclude.iter().zip(&self.exclude_spans) {
            // A leading `/` anchors a glob at the root (gitignore syntax); only `..` climbs.
            if glob.split(['/', '\\']).any(|part| part == "..") {
                return Err(self.invalid_at(
                    span.start,
                    "`exclude` must name paths inside the repository (no `..`)".to_string(),
                ));
            }
        }
        Ok(())
    }

    fn invalid_at(&self, offset: usize, message: String) -> ConfigError {
        let (line, column) = crate::text::line_column(&self.text, offset);
        ConfigError::Invalid {
            path: self.path.clone(),
            line,
            column,
            message,
        }
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
