//! Infrastructure facts: Dockerfiles, Compose, Kubernetes objects, Helm, Kustomize, CI, Make.

use serde::{Deserialize, Serialize};

/// Infrastructure facts of one file, or of a repository once merged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InfraFacts {}

impl InfraFacts {
    /// Appends `other`'s facts.
    pub fn merge(&mut self, _other: InfraFacts) {}

    /// Sorts every list so output is deterministic.
    pub fn sort(&mut self) {}
}
