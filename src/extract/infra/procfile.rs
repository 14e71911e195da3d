//! Procfiles (Heroku, Foreman, Dokku, Honcho): one process type per line, `name: command`.
//! Each process type other than the release phase is a process the system runs, so a
//! `web` and a `worker` of one image are two services that exchange work.

use super::yaml::truncate;
use crate::extract::{FileFacts, SourceFile};
use crate::facts::infra::{Process, ProcessSource};
use crate::facts::Evidence;

/// Longest command kept.
const MAX_COMMAND_CHARS: usize = 500;
/// Most process types read from one file; a Procfile has a handful.
const MAX_PROCESSES: usize = 64;

/// Whether a file name is a Procfile that runs in production (`Procfile.dev` is a
/// developer's local process list).
pub fn is_procfile(file_name: &str) -> bool {
    file_name == "Procfile"
}

pub fn extract(file: &SourceFile<'_>, out: &mut FileFacts) {
    for (i, line) in file.text.lines().enumerate() {
        if out.infra.processes.len() >= MAX_PROCESSES {
            break;
        }
        let line = line.trim();
        if line.starts_with('#') {
            continue;
        }
        let Some((name, command)) = line.split_once(':') else {
            continue;
        };
        let valid = !name.is_empty()
            && name.len() <= 64
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !valid || command.trim().is_empty() {
            continue;
        }
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        out.infra.processes.push(Process {
            name: name.to_string(),
            command: truncate(command.trim(), MAX_COMMAND_CHARS),
            release: name == "release",
            source: ProcessSource::Procfile,
            evidence: Evidence::lines(file.path, file.role, line_no, line_no),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<Process> {
        let file = crate::extract::test_file("Procfile", text);
        let mut out = FileFacts::default();
        extract(&file, &mut out);
        out.infra.processes
    }

    #[test]
    fn process_types_are_read_with_their_lines() {
        let p = read(
            "# processes\nweb: yarn start --services=web\n\nworker: yarn start --services=worker\nrelease: npm run migrate\nnot a process\n",
        );
        let names: Vec<(&str, bool, u32)> = p
            .iter()
            .map(|p| (p.name.as_str(), p.release, p.evidence.start_line))
            .collect();
        assert_eq!(
            names,
            vec![
                ("web", false, 2),
                ("worker", false, 4),
                ("release", true, 5)
            ]
        );
        assert_eq!(p[0].command, "yarn start --services=web");
    }

    #[test]
    fn a_huge_procfile_is_bounded() {
        let text = "w: run\n".repeat(100_000) + &"x".repeat(1_000_000);
        let p = read(&text);
        assert_eq!(p.len(), MAX_PROCESSES);
    }

    #[test]
    fn only_the_production_procfile_counts() {
        assert!(is_procfile("Procfile"));
        assert!(!is_procfile("Procfile.dev"));
    }
}
