//! `scan`: walk → extract → fact store. The first three stages of the pipeline, as one call.

use crate::facts::{self, Inventory};
use crate::walk::{self, Progress, WalkError, WalkOptions};

/// Scans a repository into its fact inventory.
pub fn scan(options: &WalkOptions, progress: &dyn Progress) -> Result<Inventory, WalkError> {
    let walked = walk::walk(options, progress)?;
    Ok(facts::build(options.root.display().to_string(), walked))
}
