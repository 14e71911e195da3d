//! Reading one file that may be hostile: only a regular file is read (a FIFO, a socket or a
//! device is refused before it is opened, and again on the open handle, so one swapped in
//! between cannot block), at most a given number of bytes are read (so `/dev/zero` or a 2 GB
//! file costs nothing), and a path can be checked to stay inside a root once links are resolved.
//!
//! Every reader of a user's or a repository's file goes through here; what the bytes mean
//! belongs to the callers. Errors are `std::io::Error`s whose messages say what was refused and
//! never quote the file.

use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

/// What a path is when it is not a regular file, in words for a message.
pub fn kind_of(meta: &Metadata) -> &'static str {
    let file_type = meta.file_type();
    if file_type.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
    }
    if file_type.is_symlink() {
        return "a symbolic link";
    }
    "not a regular file"
}

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("not a regular file ({kind}); not read")]
    NotRegular { kind: &'static str },
    #[error("{size} bytes, over the {limit}-byte limit; not read")]
    TooLarge { size: u64, limit: u64 },
    #[error("not valid UTF-8")]
    NotUtf8,
    #[error(transparent)]
    Io(#[from] io::Error),
}

impl From<ReadError> for io::Error {
    fn from(e: ReadError) -> io::Error {
        match e {
            ReadError::Io(e) => e,
            // The message alone: as a source it would be printed twice in an error chain.
            ReadError::NotRegular { .. } => {
                io::Error::new(io::ErrorKind::InvalidInput, e.to_string())
            }
            ReadError::TooLarge { .. } | ReadError::NotUtf8 => {
                io::Error::new(io::ErrorKind::InvalidData, e.to_string())
            }
        }
    }
}

fn not_regular(meta: &Metadata) -> ReadError {
    ReadError::NotRegular {
        kind: kind_of(meta),
    }
}

/// Opens `path` for reading if it is a regular file; `follow` says whether a symbolic link in
/// its last component is followed. The open does not block on a FIFO put in its place after
/// the check, and the opened handle is checked again.
pub fn open_regular(path: &Path, follow: bool) -> Result<(File, Metadata), ReadError> {
    let meta = if follow {
        std::fs::metadata(path)?
    } else {
        std::fs::symlink_metadata(path)?
    };
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let nofollow = if follow { 0 } else { libc::O_NOFOLLOW };
        options.custom_flags(libc::O_NONBLOCK | nofollow);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    Ok((file, meta))
}

/// Reads the regular file at `path` into `buf` (cleared first), at most `limit` bytes: a file
/// that is (or grows) larger is [`ReadError::TooLarge`], and `buf` is left empty.
pub fn read_into(
    path: &Path,
    limit: u64,
    follow: bool,
    buf: &mut Vec<u8>,
) -> Result<(), ReadError> {
    buf.clear();
    let (file, meta) = open_regular(path, follow)?;
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    buf.reserve(meta.len() as usize);
    let n = file.take(limit.saturating_add(1)).read_to_end(buf)?;
    if n as u64 > limit {
        buf.clear();
        return Err(ReadError::TooLarge {
            size: n as u64,
            limit,
        });
    }
    Ok(())
}

/// Reads the regular file at `path` (following links), at most `limit` bytes.
pub fn read(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut buf = Vec::new();
    read_into(path, limit, true, &mut buf)?;
    Ok(buf)
}

/// Reads the regular file at `path` (following links) as UTF-8, at most `limit` bytes.
pub fn read_to_string(path: &Path, limit: u64) -> Result<String, ReadError> {
    String::from_utf8(read(path, limit)?).map_err(|_| ReadError::NotUtf8)
}

/// Largest file gapscope reads as its own input (a target file, gapscope.toml, a baseline, a
/// saved analysis): far above any real one, far below what would exhaust memory.
pub const MAX_INPUT_BYTES: u64 = 64 << 20;

/// `path` with `.` and `..` removed lexically (no file system access).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Whether `path` lies inside `root` once every link in it is resolved. A path that does not
/// exist yet (a history database to create) is judged by its deepest existing ancestor and the
/// rest of it, which must not climb out with `..`.
pub fn is_inside(root: &Path, path: &Path) -> bool {
    let Ok(root) = root.canonicalize() else {
        return false;
    };
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(resolved) = existing.canonicalize() {
            let mut full = resolved;
            for part in rest.iter().rev() {
                full.push(part);
            }
            return normalize(&full).starts_with(&root);
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            // A last component of `..` or a root that does not resolve: not provably inside.
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let err = read(&fifo, 1024).unwrap_err();
        assert!(err.to_string().contains("a FIFO"), "{err}");
    }

    #[test]
    fn a_device_is_refused_and_reads_are_capped() {
        let err = read(Path::new("/dev/zero"), 1024).unwrap_err();
        assert!(err.to_string().contains("character device"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big");
        std::fs::write(&big, vec![b'x'; 2048]).unwrap();
        let err = read(&big, 1024).unwrap_err();
        assert!(
            err.to_string().contains("over the 1024-byte limit"),
            "{err}"
        );
        assert_eq!(read(&big, 2048).unwrap().len(), 2048);
    }

    #[test]
    fn inside_follows_links_and_dot_dot() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("repo");
        std::fs::create_dir(&root).unwrap();
        std::fs::write(dir.path().join("outside"), "x").unwrap();
        std::os::unix::fs::symlink(dir.path().join("outside"), root.join("link")).unwrap();
        assert!(!is_inside(&root, &root.join("link")));
        assert!(!is_inside(&root, &root.join("../outside")));
        assert!(!is_inside(&root, &root.join("new/../../x.db")));
        assert!(is_inside(&root, &root.join(".gapscope/history.db")));
        assert!(!is_inside(&root, Path::new("/etc/passwd")));
    }
}
