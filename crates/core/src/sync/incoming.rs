//! A sync's results made ready to store as each list arrives, while the others still
//! download: a list is decoded a piece at a time on a thread of its own, each result is
//! counted once (it may stand in two lists), those the cache has already with the same
//! code and reason are left out, and the rest are deflated — so the writer, which starts
//! on the first pieces, only stores.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, PoisonError};

use idnow::{ReceivedIdentification, ReceivedList};
use tokio::sync::mpsc;

use super::{CachedCodes, folded};
use crate::error::Result;
use crate::store::packed_json;

/// Results decoded, sorted and deflated at a time: small enough that the writer starts
/// early, large enough that handing a piece over costs nothing next to preparing it.
pub(super) const PIECE: usize = 1_000;

/// A result ready to store.
pub(super) struct Ready {
    pub received: ReceivedIdentification,
    /// The cache had its identification when the sync began: it is looked up, not inserted.
    pub cached: bool,
    /// Its JSON deflated for the cache.
    pub packed: Result<Vec<u8>>,
}

impl Ready {
    /// `received`, its JSON deflated.
    pub fn new(received: ReceivedIdentification, cached: bool) -> Self {
        Self {
            packed: packed_json::pack(&received.raw),
            received,
            cached,
        }
    }

    /// A result fetched on its own: its identification may be cached.
    pub fn fetched_alone(received: ReceivedIdentification) -> Self {
        Self::new(received, true)
    }
}

/// What the lists share while their results are sorted: the cache's codes when the sync
/// began, and what the lists have brought so far.
pub(super) struct Sorting {
    cached: HashMap<String, CachedCodes>,
    seen: Mutex<Seen>,
}

#[derive(Default)]
struct Seen {
    /// Each (folded transaction number, result code) once: IDnow's default list holds the
    /// FAILED results too.
    results: HashSet<(Option<String>, Option<String>)>,
    /// Every folded transaction number a list holds.
    listed: HashSet<String>,
    /// Results counted, an unreadable entry too.
    fetched: usize,
}

impl Sorting {
    pub fn new(cached: HashMap<String, CachedCodes>) -> Self {
        Self {
            cached,
            seen: Mutex::default(),
        }
    }

    /// Decodes `list` a piece at a time and hands the writer what is to be stored, until the
    /// list ends or the writer has stopped (cancelled, or an error).
    pub fn prepare(&self, list: &ReceivedList, writer: &mpsc::Sender<Vec<Ready>>) {
        for piece in list.pieces(PIECE) {
            let ready: Vec<Ready> = self
                .sort(piece)
                .into_iter()
                .map(|(received, cached)| Ready::new(received, cached))
                .collect();
            if !ready.is_empty() && writer.blocking_send(ready).is_err() {
                return;
            }
        }
    }

    /// The piece's results still to store, each with whether the cache has its
    /// identification.
    fn sort(&self, piece: Vec<ReceivedIdentification>) -> Vec<(ReceivedIdentification, bool)> {
        let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        piece
            .into_iter()
            .filter_map(|received| {
                let Ok(decoded) = &received.decoded else {
                    seen.fetched += 1;
                    return Some((received, true));
                };
                let process = &decoded.identificationprocess;
                let txn = process
                    .transactionnumber
                    .as_deref()
                    .map(|txn| folded(txn).into_owned());
                let code = process.result.as_ref().map(|r| r.as_str().to_owned());
                let known = txn.as_deref().and_then(|txn| self.cached.get(txn));
                let unchanged = known.is_some_and(|known| {
                    code.is_some() && known.result == code && known.reason == process.reason
                });
                let cached = known.is_some();
                if !seen.results.insert((txn.clone(), code)) {
                    return None;
                }
                seen.fetched += 1;
                if let Some(txn) = txn {
                    seen.listed.insert(txn);
                }
                (!unchanged).then_some((received, cached))
            })
            .collect()
    }

    /// Results counted in the lists.
    pub fn fetched(&self) -> usize {
        self.seen
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .fetched
    }

    /// The transaction numbers, as the cache keeps them, of identifications with a
    /// preliminary result here that no list holds now: they are fetched one by one.
    pub fn left(&self) -> Vec<String> {
        let seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        self.cached
            .iter()
            .filter(|(txn, known)| known.open && !seen.listed.contains(txn.as_str()))
            .map(|(_, known)| known.transaction_number.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::tests::received;

    fn cached(txn: &str, result: &str, open: bool) -> (String, CachedCodes) {
        (
            folded(txn).into_owned(),
            CachedCodes {
                transaction_number: txn.to_owned(),
                result: Some(result.to_owned()),
                reason: None,
                open,
            },
        )
    }

    fn list(entries: &[String]) -> ReceivedList {
        let json = format!(r#"{{"identifications":[{}]}}"#, entries.join(","));
        ReceivedList::split(json).unwrap()
    }

    fn txns(ready: &[Ready]) -> Vec<(String, bool)> {
        ready
            .iter()
            .map(|r| {
                let txn = r
                    .received
                    .decoded
                    .as_ref()
                    .ok()
                    .and_then(|d| d.identificationprocess.transactionnumber.clone());
                (txn.unwrap_or_default(), r.cached)
            })
            .collect()
    }

    /// Across lists each result counts once; what the cache has with the same code is left
    /// out; what it has with another code is marked cached; an unreadable entry is kept to
    /// be counted as such; each piece comes deflated.
    #[test]
    fn results_are_counted_once_and_only_changes_are_prepared() {
        let sorting = Sorting::new(
            [
                cached("T-SAME", "SUCCESS", false),
                cached("T-MOVED", "REVIEW_PENDING", true),
                cached("T-GONE", "REVIEW_PENDING", true),
            ]
            .into_iter()
            .collect(),
        );
        let raw = |txn: &str, code: &str| received(txn, code).raw;
        let pending = list(&[
            raw("t-new", "REVIEW_PENDING"),
            r#"{"identificationprocess":7}"#.into(),
        ]);
        let successful = list(&[
            raw("T-SAME", "SUCCESS"),
            raw("T-MOVED", "SUCCESS"),
            raw("T-NEW", "REVIEW_PENDING"),
            raw("T-OTHER", "SUCCESS"),
        ]);
        let (writer, mut ready) = mpsc::channel(16);
        sorting.prepare(&pending, &writer);
        sorting.prepare(&successful, &writer);
        drop(writer);
        let mut prepared = Vec::new();
        while let Ok(piece) = ready.try_recv() {
            prepared.extend(piece);
        }

        assert_eq!(
            txns(&prepared),
            [
                ("t-new".to_owned(), false),
                (String::new(), true),
                ("T-MOVED".to_owned(), true),
                ("T-OTHER".to_owned(), false),
            ]
        );
        for item in &prepared {
            let packed = item.packed.as_ref().unwrap();
            assert_eq!(
                crate::store::packed_json::unpack(packed).unwrap(),
                item.received.raw
            );
        }
        // Six entries: t-new and T-NEW with one code are one result; the unreadable entry
        // counts, and so does T-SAME, unchanged.
        assert_eq!(sorting.fetched(), 5);
        assert_eq!(sorting.left(), ["T-GONE"]);
    }

    /// Once the writer has stopped, a list stops being prepared.
    #[test]
    fn preparing_stops_when_the_writer_has_stopped() {
        let sorting = Sorting::new(HashMap::new());
        let entries: Vec<String> = (0..3 * PIECE)
            .map(|i| received(&format!("T-{i}"), "SUCCESS").raw)
            .collect();
        let (writer, ready) = mpsc::channel(16);
        drop(ready);
        sorting.prepare(&list(&entries), &writer);
        assert_eq!(sorting.fetched(), PIECE, "the first piece only");
    }
}
