//! `kurzgefasst bench extract GROUND_TRUTH.jsonl --out PREDS.jsonl`.

use std::path::Path;

/// Extracts every page listed in `ground_truth` and writes one prediction line per page to `out`.
pub fn run(ground_truth: &Path, out: &Path) -> anyhow::Result<()> {
    let _ = (ground_truth, out);
    anyhow::bail!("bench extract: not written yet")
}
