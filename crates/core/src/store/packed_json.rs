//! The raw result JSON as the cache keeps it: deflated, since IDnow's JSON shrinks to about
//! 40 % and it was half of the cache's bytes and writes; read back through a bounded
//! inflater, so a damaged blob is a clear error, never unbounded memory.

use std::io::Read;

use flate2::{Compress, Compression, FlushCompress, read::DeflateDecoder};

use crate::error::{Error, Result};

/// The most a stored result may inflate to: far above any result IDnow sends (a few KiB;
/// the gateway client refuses a single result over 4 MiB).
const MAX_INFLATED: u64 = 64 * 1024 * 1024;

thread_local! {
    /// One compressor per thread, reset between results: a new one allocates and clears
    /// its whole window, which costs more than deflating a few KiB.
    static COMPRESSOR: std::cell::RefCell<Compress> =
        std::cell::RefCell::new(Compress::new(Compression::default(), false));
}

/// The JSON, deflated (raw DEFLATE, no header: the column says what it holds).
pub fn pack(json: &str) -> Result<Vec<u8>> {
    COMPRESSOR.with_borrow_mut(|compressor| {
        compressor.reset();
        // Deflate never grows data by more than a few bytes per 16 KiB block.
        let mut packed = Vec::with_capacity(json.len() + json.len() / 1000 + 64);
        let status = compressor
            .compress_vec(json.as_bytes(), &mut packed, FlushCompress::Finish)
            .map_err(|err| Error::Storage {
                message: format!("A result could not be compressed for the cache ({err})."),
            })?;
        if status != flate2::Status::StreamEnd {
            return Err(Error::Storage {
                message: "A result could not be compressed for the cache (it did not fit).".into(),
            });
        }
        Ok(packed)
    })
}

/// The JSON a `pack` wrote, byte for byte.
pub fn unpack(packed: &[u8]) -> Result<String> {
    let damaged = |why: String| Error::Storage {
        message: format!(
            "A stored result cannot be read ({why}); sync again to fetch it from IDnow anew."
        ),
    };
    let mut json = String::new();
    DeflateDecoder::new(packed)
        .take(MAX_INFLATED + 1)
        .read_to_string(&mut json)
        .map_err(|err| damaged(err.to_string()))?;
    if json.len() as u64 > MAX_INFLATED {
        return Err(damaged(format!(
            "it inflates past {} MiB",
            MAX_INFLATED / 1024 / 1024
        )));
    }
    Ok(json)
}

/// Migration 0009's step: the results cached before it, packed into the new table.
pub fn pack_cached_results(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    let mut read =
        tx.prepare("SELECT account_id, transaction_number, raw_json, fetched_at FROM results")?;
    let mut write = tx.prepare(
        "INSERT INTO results_packed (account_id, transaction_number, raw_json_deflated, fetched_at)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut rows = read.query([])?;
    while let Some(row) = rows.next()? {
        let raw: String = row.get(2)?;
        write.execute((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            pack(&raw)?,
            row.get::<_, String>(3)?,
        ))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_result_comes_back_byte_for_byte_and_smaller() {
        let json = r#"{"identificationprocess":{"result":"SUCCESS","reason":null,"transactionnumber":"T-1","companyid":"ihrebank"},"userdata":{"firstname":{"status":"MATCH","value":"Jürgen"},"lastname":{"status":"MATCH","value":"Müller"}},"contactdata":{"email":"j@example.com"},"attachments":{}}"#
            .repeat(4);
        let packed = pack(&json).unwrap();
        assert!(packed.len() < json.len() / 2, "{} bytes", packed.len());
        assert_eq!(unpack(&packed).unwrap(), json);
    }

    #[test]
    fn damage_and_bombs_are_errors_not_memory() {
        assert!(matches!(
            unpack(b"not deflate at all"),
            Err(Error::Storage { .. })
        ));
        // 65 MiB of one byte deflate to a few KiB; inflating stops at the limit.
        let bomb = pack(&"a".repeat(65 * 1024 * 1024)).unwrap();
        assert!(bomb.len() < 1024 * 1024);
        let err = unpack(&bomb).unwrap_err();
        assert!(err.to_string().contains("inflates past 64 MiB"), "{err}");
    }
}
