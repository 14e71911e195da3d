//! Parallel walk and file classification.
