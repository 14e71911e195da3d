//! JSON output: the full result, pretty-printed, keys in a fixed order.

use std::io::Write;

use serde::Serialize;

/// Writes `value` as pretty JSON followed by a newline.
pub fn write<T: Serialize>(out: &mut dyn Write, value: &T) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}
