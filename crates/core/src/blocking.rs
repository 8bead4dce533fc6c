//! Long synchronous sections inside async methods (a sync's batch of thousands of writes)
//! without stalling the other tasks of the runtime worker they run on.

use tokio::runtime::{Handle, RuntimeFlavor};

/// Runs `f` here and now. On a multi-threaded runtime the worker first hands its other
/// tasks to a new worker, so the window's commands go on even on a one-core machine,
/// where the runtime has a single worker. A current-thread runtime (the tests) just runs it.
pub fn off_the_runtime<T>(f: impl FnOnce() -> T) -> T {
    match Handle::try_current() {
        Ok(handle) if handle.runtime_flavor() == RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(f)
        }
        _ => f(),
    }
}
