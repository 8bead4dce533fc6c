//! What the window hears of without asking — the window data the core changed on its own
//! (a background sync, a purge, a colleague's decision), the files dropped on the window —
//! as feeds the window reads with one waiting call at a time.
//!
//! Why not a Tauri event: on Linux, delivering an event — and even registering the
//! window's listener for it — runs a script in the webview from the app's process, and the
//! first such script starts a JavaScript engine in that process for its result (about 4 MiB
//! that stays resident for the window's life). A call the window makes and the core answers
//! when something changed travels the same way as every other command, with no script.
//!
//! Each publication gets the next position; the window asks for what came after the last
//! position it saw and gets the union of those changes' items (kinds of data that changed,
//! or files dropped on the window); a window that asks without a position (a drop target
//! just shown) is told at once the position to follow from. The feed keeps the latest
//! [`KEPT`] publications: a window further behind (reloaded, or asleep while a lot
//! happened) is told it missed some and refetches everything it shows.

use std::collections::VecDeque;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::Notify;

/// How many publications the feed remembers for a window that is behind.
const KEPT: usize = 64;

/// What changed after a position the window had seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changes<T> {
    /// The feed's position now: the next call asks for what comes after it.
    pub position: u32,
    /// Each item published (a kind of data that changed, a file dropped), once.
    pub items: Vec<T>,
    /// The window was behind what the feed keeps: it should refetch everything.
    pub missed: bool,
}

/// The feed: publishers add changes, each window waits for the next ones.
pub struct ChangeFeed<T> {
    published: Mutex<Published<T>>,
    arrived: Notify,
}

struct Published<T> {
    /// The position of the latest publication (0: none yet).
    position: u32,
    /// The latest publications, oldest first, with their positions.
    kept: VecDeque<(u32, Vec<T>)>,
}

impl<T: Clone + PartialEq> Default for ChangeFeed<T> {
    fn default() -> Self {
        Self {
            published: Mutex::new(Published {
                position: 0,
                kept: VecDeque::with_capacity(KEPT),
            }),
            arrived: Notify::new(),
        }
    }
}

impl<T: Clone + PartialEq> ChangeFeed<T> {
    /// Adds a change (its items) and wakes every waiting window.
    pub fn publish(&self, items: &[T]) {
        {
            let mut published = self.lock();
            // Four billion changes is centuries of syncs; past that the feed stays put
            // rather than wrap to positions a window has already seen.
            let Some(position) = published.position.checked_add(1) else {
                return;
            };
            published.position = position;
            if published.kept.len() == KEPT {
                published.kept.pop_front();
            }
            published.kept.push_back((position, items.to_vec()));
        }
        self.arrived.notify_waiters();
    }

    /// What was published after `seen`, as soon as there is something, or nothing (and the
    /// current position) after `at_most`, so that no call stays open without end. Without
    /// `seen` (a window that wants only what comes from now on), at once the current
    /// position and nothing else.
    pub async fn next_after(&self, seen: Option<u32>, at_most: Duration) -> Changes<T> {
        let Some(seen) = seen else {
            return Changes {
                position: self.lock().position,
                items: Vec::new(),
                missed: false,
            };
        };
        let waiting = async {
            loop {
                // Registered before looking, so a publication between the look and the
                // wait still wakes this call.
                let arrived = self.arrived.notified();
                tokio::pin!(arrived);
                arrived.as_mut().enable();
                if let Some(changes) = self.after(seen) {
                    return changes;
                }
                arrived.await;
            }
        };
        match tokio::time::timeout(at_most, waiting).await {
            Ok(changes) => changes,
            // Looked at once more: a publication just before the deadline is answered, not
            // skipped by handing back its position without its items.
            Err(_) => self.after(seen).unwrap_or(Changes {
                position: seen,
                items: Vec::new(),
                missed: false,
            }),
        }
    }

    /// What came after `seen`, if anything did.
    fn after(&self, seen: u32) -> Option<Changes<T>> {
        let published = self.lock();
        if published.position == seen {
            return None;
        }
        // A position the feed never gave (a window from before the app restarted) counts as
        // behind: the window refetches, then follows from the current position.
        let oldest_kept = published
            .kept
            .front()
            .map_or(published.position, |(p, _)| *p);
        let missed = seen > published.position || seen + 1 < oldest_kept;
        let mut items = Vec::new();
        for (_, published_items) in published.kept.iter().filter(|(p, _)| *p > seen) {
            for item in published_items {
                if !items.contains(item) {
                    items.push(item.clone());
                }
            }
        }
        Some(Changes {
            position: published.position,
            items,
            missed,
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Published<T>> {
        self.published
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    const LONG: Duration = Duration::from_secs(30);

    #[tokio::test]
    async fn a_waiting_window_gets_the_next_change() {
        let feed = Arc::new(ChangeFeed::<char>::default());
        let waiting = tokio::spawn({
            let feed = Arc::clone(&feed);
            async move { feed.next_after(Some(0), LONG).await }
        });
        // The call is waiting (nothing was published yet) when the change comes.
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!waiting.is_finished());
        feed.publish(&['a', 'b']);
        let changes = waiting.await.unwrap();
        assert_eq!(
            changes,
            Changes {
                position: 1,
                items: vec!['a', 'b'],
                missed: false
            }
        );
    }

    #[tokio::test]
    async fn changes_since_the_last_call_come_together_each_item_once() {
        let feed = ChangeFeed::<char>::default();
        feed.publish(&['a']);
        let first = feed.next_after(Some(0), LONG).await;
        feed.publish(&['b', 'a']);
        feed.publish(&['c', 'b']);
        let next = feed.next_after(Some(first.position), LONG).await;
        assert_eq!(next.position, 3);
        assert_eq!(next.items, vec!['b', 'a', 'c']);
        assert!(!next.missed);
    }

    #[tokio::test]
    async fn a_quiet_feed_answers_with_nothing_after_the_longest_wait() {
        let feed = ChangeFeed::<char>::default();
        feed.publish(&['a']);
        let quiet = feed.next_after(Some(1), Duration::from_millis(100)).await;
        assert_eq!(
            quiet,
            Changes {
                position: 1,
                items: vec![],
                missed: false
            }
        );
    }

    #[tokio::test]
    async fn a_window_further_behind_than_the_feed_keeps_refetches_everything() {
        let feed = ChangeFeed::<u32>::default();
        for n in 0..(KEPT as u32 + 2) {
            feed.publish(&[n]);
        }
        let behind = feed.next_after(Some(0), LONG).await;
        assert!(behind.missed);
        assert_eq!(behind.position, KEPT as u32 + 2);
        // From a kept position on, nothing is missed.
        let recent = feed.next_after(Some(KEPT as u32), LONG).await;
        assert!(!recent.missed);
        assert_eq!(recent.items, vec![KEPT as u32, KEPT as u32 + 1]);
    }

    #[tokio::test]
    async fn a_window_that_asks_after_the_current_position_hears_only_what_comes_next() {
        let feed = ChangeFeed::<String>::default();
        feed.publish(&["before".to_owned()]);
        let now = feed.next_after(None, LONG).await;
        assert_eq!((now.position, now.items.len()), (1, 0));
        feed.publish(&["after".to_owned()]);
        let next = feed.next_after(Some(now.position), LONG).await;
        assert_eq!(next.items, vec!["after".to_owned()]);
    }

    #[tokio::test]
    async fn a_position_from_before_a_restart_counts_as_behind() {
        let feed = ChangeFeed::<char>::default();
        feed.publish(&['a']);
        let stale = feed.next_after(Some(40), LONG).await;
        assert!(stale.missed);
        assert_eq!(stale.position, 1);
    }
}
