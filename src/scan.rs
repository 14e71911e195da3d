//! Scan orchestration.
