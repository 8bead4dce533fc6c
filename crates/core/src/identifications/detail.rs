//! One identification in full, from the cache: what was sent, the links, the latest result
//! field by field (MATCH, CHANGE old → new, NEW, REDACTION; unknown statuses as sent), the
//! identity document, contact, custom and question data, and every status it went through.

use idnow::{Identification, IdentificationRequest, Leaf};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};

use crate::accounts::AccountService;
use crate::codes::{LeafStatusValue, ReasonValue, ResultValue};
use crate::decisions::DecisionService;
use crate::error::{Error, Result};
use crate::identifications::IdentificationService;
use crate::identifications::{
    IdentificationRef, IdentificationRow, ROW_COLUMNS, ROW_FROM, UserLinks, row_from_sql,
};
use crate::team::TeamService;

#[derive(Debug, Clone, PartialEq)]
pub struct IdentificationDetail {
    pub row: IdentificationRow,
    /// What the company sent (empty once purged).
    pub request: IdentificationRequest,
    pub links: Option<UserLinks>,
    pub result: Option<ResultDetail>,
    pub history: Vec<HistoryEntry>,
    /// Whether the stored result archive's signature was verified, when one is stored.
    pub archive_signature: Option<crate::ArchiveSignature>,
    /// The decision on it: proposed, confirmed or voided (team), or decided (solo).
    pub decision: Option<crate::Acceptance>,
    /// Team: officers reported contradicting final results — every observation, with its
    /// reporter and when (read from the team workspace; empty when there is no conflict, or
    /// the workspace cannot be reached).
    pub observations: Vec<identdesk_team::Observation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ResultDetail {
    pub result: Option<ResultValue>,
    pub reason: Option<ReasonValue>,
    pub agent: Option<String>,
    pub identified_at: Option<String>,
    /// WEB or APP.
    pub channel: Option<String>,
    /// User data and address, in the contract's order.
    pub person: Vec<FieldView>,
    pub document: Vec<FieldView>,
    pub contact: Vec<KeyValue>,
    pub custom: Vec<KeyValue>,
    pub questions: Vec<KeyValue>,
    pub esigning: Option<String>,
    pub fetched_at: String,
}

/// One captured value and how it compares with what was sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct FieldView {
    pub name: String,
    pub value: Option<String>,
    /// MATCH, CHANGE, NEW, REDACTION, ORIGINAL, or an unknown status as sent.
    pub status: Option<LeafStatusValue>,
    /// What the company sent, when IDnow reports it (CHANGE, ORIGINAL).
    pub original: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct KeyValue {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
    pub result: ResultValue,
    pub reason: Option<ReasonValue>,
    pub identified_at: Option<String>,
    pub observed_at: String,
}

impl IdentificationService<'_> {
    /// The identification with this transaction number: in the given account, or in the
    /// only one that has it (transaction numbers are unique per account, not across them).
    pub async fn locate(self, txn: &str, account_id: Option<&str>) -> Result<IdentificationRef> {
        if let Some(account_id) = account_id {
            return Ok(IdentificationRef::new(
                AccountService::new(self.cx).account(account_id).await?.id,
                txn,
            ));
        }
        let owners: Vec<String> = self.cx.store.read(|conn| {
            let mut stmt = conn
                .prepare("SELECT account_id FROM identifications WHERE transaction_number = ?1")?;
            let rows = stmt.query_map([txn], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })?;
        match owners.as_slice() {
            [one] => Ok(IdentificationRef::new(one, txn)),
            [] => Err(Error::NotFound {
                what: "Identification",
                id: txn.to_owned(),
            }),
            _ => Err(Error::invalid(
                "account",
                "Several accounts have this transaction number; name the account.",
            )),
        }
    }

    pub async fn detail(self, ident: &IdentificationRef) -> Result<IdentificationDetail> {
        let (account_id, txn) = (ident.account_id.as_str(), ident.transaction_number.as_str());
        let decision = DecisionService::new(self.cx).acceptance(ident).await?;
        let observations = self.conflicting_observations(ident).await;
        self.cx.store.read(|conn| {
            let row = conn
                .query_row(
                    &format!(
                        "SELECT {ROW_COLUMNS} FROM {ROW_FROM}
                          WHERE i.account_id = ?1 AND i.transaction_number = ?2"
                    ),
                    (account_id, txn),
                    row_from_sql,
                )
                .optional()?
                .ok_or_else(|| Error::NotFound { what: "Identification", id: txn.to_owned() })?;
            let (request_json, links_json, archive_signature): (String, Option<String>, Option<String>) = conn.query_row(
                "SELECT request_json, links_json, archive_signature FROM identifications WHERE account_id = ?1 AND transaction_number = ?2",
                (account_id, txn),
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            let result: Option<(String, String)> = conn
                .query_row(
                    "SELECT raw_json_deflated, fetched_at FROM results WHERE account_id = ?1 AND transaction_number = ?2",
                    (account_id, txn),
                    |r| Ok((r.get::<_, Vec<u8>>(0)?, r.get(1)?)),
                )
                .optional()?
                .map(|(packed, fetched_at)| Ok::<_, Error>((crate::store::packed_json::unpack(&packed)?, fetched_at)))
                .transpose()?;
            let mut stmt = conn.prepare(
                "SELECT result, reason, identified_at, observed_at FROM status_history
                  WHERE account_id = ?1 AND transaction_number = ?2 ORDER BY id",
            )?;
            let history = stmt
                .query_map((account_id, txn), |r| {
                    Ok(HistoryEntry {
                        result: ResultValue::of(&r.get::<_, String>(0)?),
                        reason: r.get::<_, Option<String>>(1)?.as_deref().map(ReasonValue::of),
                        identified_at: r.get(2)?,
                        observed_at: r.get(3)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(IdentificationDetail {
                row,
                // The cache only ever stores what it could serialize; an unreadable row shows empty.
                request: serde_json::from_str(&request_json).unwrap_or_default(),
                links: links_json.as_deref().and_then(UserLinks::from_cache),
                result: result.map(|(raw, fetched_at)| result_detail(&raw, fetched_at)),
                history,
                archive_signature: match archive_signature.as_deref() {
                    Some("verified") => Some(crate::ArchiveSignature::Verified),
                    Some(_) => Some(crate::ArchiveSignature::Unchecked),
                    None => None,
                },
                decision,
                observations,
            })
        })
    }

    /// Every officer's observation of a result the team holds contradicting reports of;
    /// nothing without a conflict (no server round trip) or with the server away.
    async fn conflicting_observations(
        self,
        ident: &IdentificationRef,
    ) -> Vec<identdesk_team::Observation> {
        let conflict: bool = self.cx
            .store
            .read(|conn| {
                Ok(conn
                    .query_row(
                        "SELECT conflict FROM team_identifications WHERE account_id = ?1 AND transaction_number = ?2",
                        (&ident.account_id, &ident.transaction_number),
                        |r| r.get::<_, i64>(0),
                    )
                    .optional()?
                    .is_some_and(|c| c != 0))
            })
            .unwrap_or(false);
        if !conflict {
            return Vec::new();
        }
        let Ok(Some(link)) = TeamService::new(self.cx).team_link().await else {
            return Vec::new();
        };
        let Ok(account) = TeamService::new(self.cx).team_account(&ident.account_id) else {
            return Vec::new();
        };
        link.workspace
            .observations(account, &ident.transaction_number)
            .await
            .unwrap_or_default()
    }
}

fn result_detail(raw: &str, fetched_at: String) -> ResultDetail {
    // Stored results were decoded once already; the decoder is tolerant of anything.
    let ident: Identification = serde_json::from_str(raw).unwrap_or_default();
    let process = &ident.identificationprocess;
    let user = &ident.userdata;
    let address = user.address.clone().unwrap_or_default();
    let person = [
        ("firstname", &user.firstname),
        ("lastname", &user.lastname),
        ("birthday", &user.birthday),
        ("birthplace", &user.birthplace),
        ("birthname", &user.birthname),
        ("nationality", &user.nationality),
        ("gender", &user.gender),
        ("title", &user.title),
        ("identlanguage", &user.identlanguage),
        ("street", &address.street),
        ("streetnumber", &address.streetnumber),
        ("zipcode", &address.zipcode),
        ("city", &address.city),
        ("country", &address.country),
    ];
    let doc = &ident.identificationdocument;
    let document = [
        ("type", &doc.kind),
        ("country", &doc.country),
        ("number", &doc.number),
        ("issuedby", &doc.issuedby),
        ("dateissued", &doc.dateissued),
        ("validuntil", &doc.validuntil),
        ("driversclasses", &doc.driversclasses),
    ];
    let pairs = |items: Vec<(&str, &Option<String>)>| -> Vec<KeyValue> {
        items
            .into_iter()
            .filter_map(|(key, value)| {
                value.clone().map(|value| KeyValue {
                    key: key.to_owned(),
                    value,
                })
            })
            .collect()
    };
    let custom = &ident.customdata;
    ResultDetail {
        result: process.result.as_ref().map(|r| ResultValue::of(r.as_str())),
        reason: process.reason.as_deref().map(ReasonValue::of),
        agent: process.agentname.clone(),
        identified_at: process.identificationtime.clone(),
        channel: process.kind.clone(),
        person: fields(&person)
            .into_iter()
            .chain(other_leaves(raw))
            .collect(),
        document: fields(&document),
        contact: pairs(vec![
            ("email", &ident.contactdata.email),
            ("mobilephone", &ident.contactdata.mobilephone),
        ]),
        custom: pairs(vec![
            ("custom1", &custom.custom1),
            ("custom2", &custom.custom2),
            ("custom3", &custom.custom3),
            ("custom4", &custom.custom4),
            ("custom5", &custom.custom5),
            ("trackingid", &custom.trackingid),
        ]),
        questions: ident
            .questions
            .iter()
            .map(|(key, answer)| KeyValue {
                key: key.clone(),
                value: match answer.get("value") {
                    Some(serde_json::Value::String(text)) => text.clone(),
                    Some(other) => other.to_string(),
                    None => answer.to_string(),
                },
            })
            .collect(),
        esigning: ident
            .esigning
            .as_ref()
            .and_then(|e| e.get("result"))
            .map(|r| {
                r.as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| r.to_string())
            }),
        fetched_at,
    }
}

/// The user-data leaves this version does not know by name (a field IDnow added), kept and
/// shown as sent.
fn other_leaves(raw: &str) -> Vec<FieldView> {
    const KNOWN: &[&str] = &[
        "firstname",
        "lastname",
        "birthday",
        "birthplace",
        "birthname",
        "nationality",
        "gender",
        "title",
        "identlanguage",
        "address",
    ];
    let Ok(value) = serde_json::from_str::<serde_json::Value>(raw) else {
        return Vec::new();
    };
    let Some(userdata) = value.get("userdata").and_then(|u| u.as_object()) else {
        return Vec::new();
    };
    userdata
        .iter()
        .filter(|(name, _)| !KNOWN.contains(&name.as_str()))
        .filter_map(|(name, leaf)| {
            let leaf: Leaf = serde_json::from_value(leaf.clone()).ok()?;
            Some(FieldView {
                name: name.clone(),
                value: leaf.value,
                status: leaf.status.map(|s| LeafStatusValue::of(s.as_str())),
                original: leaf.original,
            })
        })
        .collect()
}

fn fields(leaves: &[(&str, &Option<Leaf>)]) -> Vec<FieldView> {
    leaves
        .iter()
        .filter_map(|(name, leaf)| {
            leaf.as_ref().map(|leaf| FieldView {
                name: (*name).to_owned(),
                value: leaf.value.clone(),
                status: leaf
                    .status
                    .as_ref()
                    .map(|s| LeafStatusValue::of(s.as_str())),
                original: leaf.original.clone(),
            })
        })
        .collect()
}
