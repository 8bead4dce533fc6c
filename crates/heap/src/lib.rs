//! Gives the memory the allocator holds freed back to the operating system.
//!
//! glibc's allocator returns freed memory to the system only from the top of each arena:
//! after a burst of small allocations is freed below one still live (SQLite's page cache,
//! a page at a time), the pages stay resident although nothing uses them. `malloc_trim`
//! walks the arenas and gives every free page back. Other allocators (macOS, Windows,
//! musl) return memory themselves; there this does nothing.
//!
//! This crate is the workspace's only unsafe code: one call with no pointers, kept apart
//! so that every other crate can forbid `unsafe` outright.

/// Returns the allocator's free pages to the system; whether any were given back. It locks
/// each arena in turn, so call it when the process is quiet, not on a hot path.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub fn give_back_freed() -> bool {
    // SAFETY: `malloc_trim` takes no pointers and only rearranges glibc's own free lists,
    // under the locks every other allocator call takes.
    unsafe { libc::malloc_trim(0) == 1 }
}

/// Elsewhere the allocator gives freed memory back itself.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn give_back_freed() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Memory freed below a live allocation comes back to the system.
    #[test]
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    fn freed_pages_go_back_to_the_system() {
        // 24 MiB in 4 KB pieces, then a live piece above them, then the 24 MiB freed:
        // glibc keeps those pages (they are below the live one) until trimmed.
        let pieces: Vec<Vec<u8>> = (0..6_000).map(|_| vec![1u8; 4_000]).collect();
        let above = vec![2u8; 4_000];
        drop(pieces);
        let before = resident_kib();
        assert!(
            give_back_freed(),
            "the allocator had freed pages to give back"
        );
        let after = resident_kib();
        assert!(
            before - after > 16 * 1024,
            "resident memory fell from {before} KiB to {after} KiB only"
        );
        assert_eq!(above[0], 2);
    }

    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    fn resident_kib() -> i64 {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }
}
