//! The commit a repository is checked out at, read from `.git` without running git (gapscope
//! never runs programs from the repository it reads, and git may not be installed).
//!
//! Handles a `.git` directory and a `.git` file (`gitdir: …`, as worktrees and submodules
//! have), a symbolic `HEAD` (`ref: refs/heads/main`) resolved through loose refs or
//! `packed-refs` (in the common directory for worktrees), and a detached `HEAD`. Anything
//! unexpected gives `None`: the run is recorded without a commit.

use std::path::{Path, PathBuf};

/// The checked-out commit: its id and, when `HEAD` names a branch, the branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub commit: String,
    pub branch: Option<String>,
}

/// How many `ref:` hops are followed before giving up (git itself allows 5).
const MAX_SYMREF_DEPTH: usize = 5;
/// Larger files under `.git` than this are not read (a HEAD or a ref is a line).
const MAX_REF_FILE: u64 = 64 * 1024;
/// `packed-refs` can be large in big repositories, but not this large.
const MAX_PACKED_REFS: u64 = 64 * 1024 * 1024;

/// The commit checked out in the repository containing `dir`, if it is a git checkout.
pub fn head(dir: &Path) -> Option<Head> {
    let start = std::fs::canonicalize(dir).ok()?;
    let git_dir = start.ancestors().find_map(git_dir_at)?;
    let common_dir = common_dir(&git_dir);
    let mut content = read_small(&git_dir.join("HEAD"), MAX_REF_FILE)?;
    let mut branch = None;
    for _ in 0..MAX_SYMREF_DEPTH {
        let line = content.lines().next()?.trim().to_string();
        let Some(name) = line.strip_prefix("ref:") else {
            return is_object_id(&line).then(|| Head {
                commit: line.to_ascii_lowercase(),
                branch,
            });
        };
        let name = name.trim();
        if !is_safe_ref_name(name) {
            return None;
        }
        if branch.is_none() {
            branch = Some(name.strip_prefix("refs/heads/").unwrap_or(name).to_string());
        }
        // None also for a branch with no commits yet (a fresh `git init`).
        content = read_ref(&git_dir, &common_dir, name)?;
    }
    None
}

/// The git directory of a repository whose working tree is `dir`, if any.
fn git_dir_at(dir: &Path) -> Option<PathBuf> {
    let dot_git = dir.join(".git");
    let meta = std::fs::metadata(&dot_git).ok()?;
    if meta.is_dir() {
        return Some(dot_git);
    }
    let text = read_small(&dot_git, MAX_REF_FILE)?;
    let target = text.lines().next()?.strip_prefix("gitdir:")?.trim();
    let path = Path::new(target);
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        dir.join(path)
    };
    path.is_dir().then_some(path)
}

/// Where shared refs live: `commondir` (worktrees) or the git directory itself.
fn common_dir(git_dir: &Path) -> PathBuf {
    match read_small(&git_dir.join("commondir"), MAX_REF_FILE) {
        Some(text) => {
            let rel = Path::new(text.trim());
            if rel.is_absolute() {
                rel.to_path_buf()
            } else {
                git_dir.join(rel)
            }
        }
        None => git_dir.to_path_buf(),
    }
}

/// The content of ref `name`: a loose ref (per-worktree first), else its `packed-refs` line.
fn read_ref(git_dir: &Path, common_dir: &Path, name: &str) -> Option<String> {
    for dir in [git_dir, common_dir] {
        if let Some(text) = read_small(&dir.join(name), MAX_REF_FILE) {
            return Some(text);
        }
    }
    let packed = read_small(&common_dir.join("packed-refs"), MAX_PACKED_REFS)?;
    packed.lines().find_map(|line| {
        let (id, ref_name) = line.split_once(' ')?;
        (ref_name.trim() == name && is_object_id(id)).then(|| id.to_string())
    })
}

/// A regular file of at most `limit` bytes (a FIFO or a device under `.git` is never opened
/// in a way that blocks, nor read).
fn read_small(path: &Path, limit: u64) -> Option<String> {
    crate::input::read_to_string(path, limit).ok()
}

/// A SHA-1 (40) or SHA-256 (64) object id in hex.
fn is_object_id(s: &str) -> bool {
    (s.len() == 40 || s.len() == 64) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `refs/…` without `..` or other ways out of the git directory.
fn is_safe_ref_name(name: &str) -> bool {
    name.starts_with("refs/")
        && !name
            .split('/')
            .any(|part| part.is_empty() || part == "." || part == "..")
        && !name.contains('\\')
        && !name.contains('\0')
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    const A: &str = "0123456789abcdef0123456789abcdef01234567";
    const B: &str = "89abcdef0123456789abcdef0123456789abcdef";

    fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    #[test]
    fn loose_ref_packed_ref_and_detached_head() {
        let repo = tempfile::TempDir::new().unwrap();
        let r = repo.path();
        write(r, ".git/HEAD", "ref: refs/heads/main\n");
        write(r, ".git/refs/heads/main", &format!("{A}\n"));
        fs::create_dir_all(r.join("src/deep")).unwrap();
        let head = head(&r.join("src/deep")).unwrap();
        assert_eq!(head.commit, A, "found from a subdirectory");
        assert_eq!(head.branch.as_deref(), Some("main"));

        fs::remove_file(r.join(".git/refs/heads/main")).unwrap();
        write(
            r,
            ".git/packed-refs",
            &format!("# pack-refs with: peeled fully-peeled sorted\n{B} refs/heads/main\n"),
        );
        assert_eq!(super::head(r).unwrap().commit, B);

        write(r, ".git/HEAD", &format!("{}\n", A.to_uppercase()));
        assert_eq!(
            super::head(r).unwrap(),
            Head {
                commit: A.into(),
                branch: None
            }
        );
    }

    #[test]
    fn worktree_gitdir_file_reads_refs_from_the_common_dir() {
        let tmp = tempfile::TempDir::new().unwrap();
        let main = tmp.path().join("main");
        write(&main, ".git/HEAD", "ref: refs/heads/main\n");
        write(&main, ".git/refs/heads/feature", &format!("{B}\n"));
        write(&main, ".git/worktrees/wt/HEAD", "ref: refs/heads/feature\n");
        write(&main, ".git/worktrees/wt/commondir", "../..\n");
        let wt = tmp.path().join("wt");
        write(
            &wt,
            ".git",
            &format!("gitdir: {}\n", main.join(".git/worktrees/wt").display()),
        );
        let head = head(&wt).unwrap();
        assert_eq!(head.commit, B);
        assert_eq!(head.branch.as_deref(), Some("feature"));
    }

    #[test]
    fn no_repository_unborn_branch_and_hostile_refs_give_none() {
        let tmp = tempfile::TempDir::new().unwrap();
        let r = tmp.path().join("repo");
        fs::create_dir_all(&r).unwrap();
        // No .git here (the temp dir is assumed not to be inside a checkout).
        if tmp.path().ancestors().any(|d| d.join(".git").exists()) {
            return;
        }
        assert_eq!(head(&r), None);
        write(&r, ".git/HEAD", "ref: refs/heads/main\n");
        assert_eq!(head(&r), None, "unborn branch");
        write(&r, ".git/HEAD", "ref: refs/../../../etc/passwd\n");
        assert_eq!(head(&r), None);
        write(&r, ".git/HEAD", "not a head at all\n");
        assert_eq!(head(&r), None);
        write(&r, ".git/HEAD", "ref: refs/heads/a\n");
        write(&r, ".git/refs/heads/a", "ref: refs/heads/b\n");
        write(&r, ".git/refs/heads/b", "ref: refs/heads/a\n");
        assert_eq!(head(&r), None, "a cycle ends");
    }
}
