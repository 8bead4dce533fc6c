//! A list of results as IDnow sent it: split into its entries when it arrives, each entry
//! decoded only when asked for, a piece at a time. Decoding is most of a large list's cost
//! (100 000 results: well over a second of one core), so the sync stores one piece while
//! the next is decoded instead of waiting for the whole list.

use std::ops::Range;

use bytes::Bytes;
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::{Error, ReceivedIdentification};

#[derive(Deserialize)]
struct ListBody<'a> {
    #[serde(default, borrow)]
    identifications: Vec<&'a RawValue>,
}

/// The answer of `GET …/identifications`, checked to be JSON throughout and split into its
/// entries; none decoded yet.
#[derive(Debug, Clone)]
pub struct ReceivedList {
    body: Bytes,
    /// Where each entry's JSON lies in `body`.
    entries: Vec<Range<usize>>,
}

impl ReceivedList {
    /// Splits a list's answer into its entries.
    pub fn split(body: impl Into<Bytes>) -> Result<Self, Error> {
        let body = body.into();
        let list: ListBody<'_> =
            serde_json::from_slice(&body).map_err(|e| Error::Decode(e.to_string()))?;
        let start = body.as_ptr() as usize;
        let entries = list
            .identifications
            .iter()
            .map(|raw| {
                let at = raw.get().as_ptr() as usize - start;
                at..at + raw.get().len()
            })
            .collect();
        Ok(Self { body, entries })
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries decoded, `size` at a time, in the list's order.
    pub fn pieces(&self, size: usize) -> impl Iterator<Item = Vec<ReceivedIdentification>> + '_ {
        self.entries
            .chunks(size.max(1))
            .map(|piece| piece.iter().map(|range| self.entry(range)).collect())
    }

    /// Every entry decoded, in the list's order.
    pub fn decode_all(&self) -> Vec<ReceivedIdentification> {
        self.entries.iter().map(|range| self.entry(range)).collect()
    }

    fn entry(&self, range: &Range<usize>) -> ReceivedIdentification {
        // The split read each entry as a JSON value, so its bytes are UTF-8.
        match std::str::from_utf8(&self.body[range.clone()]) {
            Ok(json) => ReceivedIdentification::from_json(json),
            Err(err) => ReceivedIdentification {
                raw: String::from_utf8_lossy(&self.body[range.clone()]).into_owned(),
                decoded: Err(err.to_string()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &str = r#" { "identifications" : [
        {"identificationprocess": {"result": "SUCCESS", "transactionnumber": "t-1"}, "note": "a ] and a \" in text"},
        {"identificationprocess": "unreadable"},
        {"identificationprocess": {"result": "SOMETHING_NEW", "transactionnumber": "t-3"}, "nested": [[1], {"x": [2]}]}
    ], "more": 1 } "#;

    fn split(text: &str) -> ReceivedList {
        ReceivedList::split(Bytes::copy_from_slice(text.as_bytes())).unwrap()
    }

    fn txn(received: &ReceivedIdentification) -> Option<&str> {
        received
            .decoded
            .as_ref()
            .ok()?
            .identificationprocess
            .transactionnumber
            .as_deref()
    }

    #[test]
    fn entries_keep_their_json_byte_for_byte_and_decode_as_one_result_does() {
        let list = split(LIST);
        assert_eq!(list.len(), 3);
        let all = list.decode_all();
        assert_eq!(
            all[0].raw,
            r#"{"identificationprocess": {"result": "SUCCESS", "transactionnumber": "t-1"}, "note": "a ] and a \" in text"}"#
        );
        assert_eq!(txn(&all[0]), Some("t-1"));
        assert!(all[1].decoded.is_err());
        assert_eq!(all[1].raw, r#"{"identificationprocess": "unreadable"}"#);
        assert_eq!(txn(&all[2]), Some("t-3"));
        for received in &all {
            let one = ReceivedIdentification::from_json(&received.raw);
            assert_eq!(one.raw, received.raw);
            assert_eq!(one.decoded.is_ok(), received.decoded.is_ok());
        }
    }

    #[test]
    fn pieces_give_every_entry_once_in_order() {
        let list = split(LIST);
        let sizes: Vec<usize> = list.pieces(2).map(|piece| piece.len()).collect();
        assert_eq!(sizes, [2, 1]);
        let raws: Vec<String> = list.pieces(2).flatten().map(|r| r.raw).collect();
        let all: Vec<String> = list.decode_all().into_iter().map(|r| r.raw).collect();
        assert_eq!(raws, all);
        // A size of 0 is read as 1, never as "no pieces".
        assert_eq!(list.pieces(0).count(), 3);
    }

    #[test]
    fn an_answer_without_a_list_is_empty_and_one_that_is_no_json_is_refused() {
        assert!(split(r#"{"other": []}"#).is_empty());
        let refused = ReceivedList::split(Bytes::from_static(b"{\"identifications\": [{}"));
        assert!(matches!(refused, Err(Error::Decode(_))));
    }
}
