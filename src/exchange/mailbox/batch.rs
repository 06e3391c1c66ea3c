//! How many objects a sync moves at once (uploads, downloads, deletes), and how many bytes
//! of them it holds in memory together.

/// Objects in flight at once: a few, as `rclone` does, so a sync of many small objects is
/// not one round trip after another.
pub(super) const TRANSFER_BATCH: usize = 4;
/// A batch stops growing past this many bytes (one object larger than it still goes, alone):
/// every object of a batch is in memory at once.
pub(super) const TRANSFER_BATCH_BYTES: usize = 64 << 20;
