//! One identification as the sandbox keeps it: what the company sent, what happened since
//! (stages), the robots still playing, eSign documents. The result object IDnow would send
//! is derived from this on every read, which keeps 100 000 seeded identifications small.

use std::collections::BTreeMap;

use bytes::Bytes;
use chrono::{DateTime, SecondsFormat, TimeDelta, Utc};
use idnow::{
    Address, ContactData, CustomData, DocumentDefinition, DocumentStatus, Identification,
    IdentificationDocument, IdentificationProcess, IdentificationRequest, Leaf, LeafStatus,
    ResultCode, UserData,
};

use crate::scenario::{Scenario, Script};

pub struct StoredIdentification {
    /// As the company first sent it (lookups ignore case).
    pub transaction_number: String,
    pub ident_id: String,
    pub request: IdentificationRequest,
    pub created_at: DateTime<Utc>,
    /// One per document definition that existed when the identification was created.
    pub documents: BTreeMap<String, StoredDocument>,
    /// Every result so far, oldest first; the last one is current.
    pub stages: Vec<Stage>,
    pub robot: Option<RobotRun>,
    /// The robot host's `start` was called (the person began).
    pub started: bool,
    /// Fields the agent captured differently from what the company sent.
    pub changes: BTreeMap<&'static str, String>,
}

pub struct Stage {
    pub result: ResultCode,
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
}

pub struct RobotRun {
    pub scenario: Scenario,
    pub started_at: DateTime<Utc>,
    pub steps_done: usize,
}

pub struct StoredDocument {
    pub definition: DocumentDefinition,
    pub name: String,
    pub version: Option<String>,
    pub signatures: Option<serde_json::Value>,
    pub data: Option<Bytes>,
    pub hash: Option<String>,
    pub signed: Option<Bytes>,
}

impl StoredDocument {
    pub fn new(definition: &DocumentDefinition) -> Self {
        Self {
            definition: definition.clone(),
            name: definition.name.clone(),
            version: definition.version.clone(),
            signatures: definition.signatures.clone(),
            data: None,
            hash: None,
            signed: None,
        }
    }

    /// The document as IDnow's documentation prints it: `documentDefinition` the whole
    /// definition object, `version` present (`null` when there is none).
    pub fn info(&self) -> DocumentAnswer {
        let status = if self.signed.is_some() {
            DocumentStatus::Signed
        } else if self.data.is_some() {
            DocumentStatus::Uploaded
        } else {
            DocumentStatus::NeedUpload
        };
        DocumentAnswer {
            name: self.name.clone(),
            version: self.version.clone(),
            display_hash: self.hash.as_deref().map(idnow::display_hash),
            hash: self.hash.clone(),
            status,
            document_definition: self.definition.clone(),
            signatures: self.signatures.clone(),
        }
    }
}

/// One document of an identification on the wire.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentAnswer {
    name: String,
    version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hash: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    display_hash: Option<String>,
    status: DocumentStatus,
    document_definition: DocumentDefinition,
    #[serde(skip_serializing_if = "Option::is_none")]
    signatures: Option<serde_json::Value>,
}

/// What the robot agent writes where the company sent nothing.
const CAPTURED: &str = "SANDBOX";

/// CHANGEALL's corrections: every field differs, with the UTF-8 letters IDnow supports.
const CHANGE_ALL: [(&str, &str); 13] = [
    ("firstname", "ÄÖÜ ÉÈÊ ŁŃ"),
    ("lastname", "ßÇÑ ØÅÆ ŠŽĐ"),
    ("birthday", "1970-01-01"),
    ("birthplace", "ŁÓDŹ"),
    ("birthname", "ÐÞÝ"),
    ("nationality", "AT"),
    ("gender", "FEMALE"),
    ("title", "DR."),
    ("street", "STRAẞE DER ÄNDERUNG"),
    ("streetnumber", "99A"),
    ("zipcode", "9999"),
    ("city", "WIEN-ÖRŠ"),
    ("country", "AT"),
];

impl StoredIdentification {
    pub fn new(
        transaction_number: String,
        ident_id: String,
        request: IdentificationRequest,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            transaction_number,
            ident_id,
            request,
            created_at: now,
            documents: BTreeMap::new(),
            stages: Vec::new(),
            robot: None,
            started: false,
            changes: BTreeMap::new(),
        }
    }

    pub fn current(&self) -> Option<&Stage> {
        self.stages.last()
    }

    pub fn result(&self) -> Option<&ResultCode> {
        self.current().map(|stage| &stage.result)
    }

    /// Finished: any result but ABORTED (after an abort the person may try again).
    pub fn is_finished(&self) -> bool {
        self.result().is_some_and(|r| *r != ResultCode::Aborted)
    }

    pub fn push_stage(&mut self, result: ResultCode, reason: Option<String>, at: DateTime<Utc>) {
        if result == ResultCode::Canceled {
            // IDnow deletes every piece of personal data of a canceled identification.
            self.changes.clear();
            for document in self.documents.values_mut() {
                document.signed = None;
            }
        }
        if matches!(result, ResultCode::Success | ResultCode::SuccessDataChanged) {
            self.sign_documents(at);
        }
        self.stages.push(Stage { result, reason, at });
    }

    pub fn change_all(&mut self) {
        for (field, value) in CHANGE_ALL {
            self.changes.insert(field, value.to_owned());
        }
    }

    /// Applies every robot step that is due by `now`, at the configured time scale.
    pub fn advance(&mut self, now: DateTime<Utc>, time_scale: f64) {
        let Some(run) = &self.robot else { return };
        let (scenario, started_at, done) = (run.scenario, run.started_at, run.steps_done);
        let mut applied = done;
        for step in scenario.steps().into_iter().skip(done) {
            let delay =
                TimeDelta::milliseconds((step.after.as_millis() as f64 * time_scale) as i64);
            let at = started_at + delay;
            if at > now {
                break;
            }
            if step.change_all {
                self.change_all();
            }
            self.push_stage(step.result, step.reason.map(str::to_owned), at);
            applied += 1;
        }
        if let Some(run) = &mut self.robot {
            run.steps_done = applied;
        }
    }

    fn sign_documents(&mut self, at: DateTime<Utc>) {
        let signer = self.signer_name();
        for document in self.documents.values_mut() {
            if let (Some(data), None) = (&document.data, &document.signed) {
                document.signed = Some(crate::content::pdf::signed(
                    data,
                    &signer,
                    &document.name,
                    at,
                ));
            }
        }
    }

    fn signer_name(&self) -> String {
        let first = self
            .changes
            .get("firstname")
            .cloned()
            .or(self.request.firstname.clone());
        let last = self
            .changes
            .get("lastname")
            .cloned()
            .or(self.request.lastname.clone());
        [first, last]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The result object IDnow reports now (contract §6).
    pub fn report(&self, company_id: &str) -> Identification {
        let txn = &self.transaction_number;
        let mut process = IdentificationProcess {
            id: Some(self.ident_id.clone()),
            transactionnumber: Some(txn.clone()),
            ..IdentificationProcess::default()
        };
        let Some(stage) = self.current() else {
            return Identification {
                identificationprocess: process,
                ..Identification::default()
            };
        };
        process.result = Some(stage.result.clone());
        process.reason = stage.reason.clone();
        process.companyid = Some(company_id.to_owned());
        process.agentname = Some("TROBOT".into());
        // IDnow writes local German time with its offset (`+01:00`, `+02:00` in summer).
        process.identificationtime = Some(
            stage
                .at
                .with_timezone(&berlin_offset(stage.at))
                .to_rfc3339_opts(SecondsFormat::Secs, false),
        );
        process.kind = Some("WEB".into());
        let mut ident = Identification {
            identificationprocess: process,
            ..Identification::default()
        };
        ident.contactdata = ContactData {
            email: self.request.email.clone(),
            mobilephone: self.request.mobilephone.clone(),
        };
        ident.customdata = CustomData {
            custom1: self.request.custom1.clone(),
            custom2: self.request.custom2.clone(),
            custom3: self.request.custom3.clone(),
            custom4: self.request.custom4.clone(),
            custom5: self.request.custom5.clone(),
            trackingid: self.request.trackingid.clone(),
        };
        // Canceled in review, or an attempt that ended: what the company sent, as originals
        // (`{status: ORIGINAL, original}` without a value), beside its own contact and custom
        // data — as IDnow's CANCELED webhook shows. Nothing captured, no documents, no files.
        if matches!(stage.result, ResultCode::Canceled | ResultCode::Aborted) {
            ident.userdata = self.user_data(|field, sent| {
                sent.map(|value| leaf(None, LeafStatus::Original, Some(value.to_owned())))
                    .or_else(|| {
                        self.changes
                            .get(field)
                            .map(|_| leaf(None, LeafStatus::Original, None))
                    })
            });
            return ident;
        }
        ident.identificationprocess.filename = Some(format!("{txn}.zip"));
        ident.identificationprocess.href =
            Some(format!("/api/v1/{company_id}/identifications/{txn}.zip"));
        ident.userdata = self.user_data(|field, sent| Some(self.captured_leaf(field, sent)));
        ident.identificationdocument = identity_document(stage.at);
        ident.attachments = crate::content::attachment_names(txn);
        ident.questions = self
            .request
            .questions
            .iter()
            .filter_map(|(key, answer)| Some((key.clone(), serde_json::to_value(answer).ok()?)))
            .collect();
        if !self.documents.is_empty() {
            let signed = self
                .documents
                .values()
                .all(|d| d.signed.is_some() || d.definition.optional);
            ident.esigning = Some(serde_json::json!({
                "result": if signed { "SUCCESS" } else { "PENDING" },
                "sessionid": format!("esign-{}", self.ident_id),
            }));
        }
        ident
    }

    /// A user-data leaf after the identification: CHANGE where the agent corrected what was
    /// sent, MATCH where it agreed (upper case, as IDnow reports), NEW where nothing was sent.
    fn captured_leaf(&self, field: &str, sent: Option<&str>) -> Leaf {
        let coded = matches!(field, "birthday" | "nationality" | "country" | "gender");
        let normalize = |v: &str| {
            if coded {
                v.to_owned()
            } else {
                upper_keeping_sharp_s(v)
            }
        };
        match (self.changes.get(field), sent) {
            (Some(new), Some(old)) if normalize(old) != *new => {
                leaf(Some(new.clone()), LeafStatus::Change, Some(old.to_owned()))
            }
            (Some(new), None) => leaf(Some(new.clone()), LeafStatus::New, None),
            (_, Some(old)) => leaf(Some(normalize(old)), LeafStatus::Match, None),
            (None, None) => leaf(
                Some(default_capture(field).to_owned()),
                LeafStatus::New,
                None,
            ),
        }
    }

    fn user_data(&self, leaf_for: impl Fn(&'static str, Option<&str>) -> Option<Leaf>) -> UserData {
        let r = &self.request;
        UserData {
            firstname: leaf_for("firstname", r.firstname.as_deref()),
            lastname: leaf_for("lastname", r.lastname.as_deref()),
            birthday: leaf_for("birthday", r.birthday.as_deref()),
            birthplace: leaf_for("birthplace", r.birthplace.as_deref()),
            birthname: r
                .birthname
                .as_deref()
                .and_then(|v| leaf_for("birthname", Some(v))),
            nationality: leaf_for("nationality", r.nationality.as_deref()),
            gender: r
                .gender
                .as_deref()
                .and_then(|v| leaf_for("gender", Some(v))),
            title: r.title.as_deref().and_then(|v| leaf_for("title", Some(v))),
            identlanguage: None,
            // No address object without a leaf in it (a CANCELED payload of a person sent
            // without an address has none).
            address: Some(Address {
                street: leaf_for("street", r.street.as_deref()),
                streetnumber: leaf_for("streetnumber", r.streetnumber.as_deref()),
                zipcode: leaf_for("zipcode", r.zipcode.as_deref()),
                city: leaf_for("city", r.city.as_deref()),
                country: leaf_for("country", r.country.as_deref()),
            })
            .filter(|a| {
                [&a.street, &a.streetnumber, &a.zipcode, &a.city, &a.country]
                    .iter()
                    .any(|leaf| leaf.is_some())
            }),
        }
    }
}

/// Upper case as IDnow writes names (`MÜNCHEN`), but `ß` stays `ß` (Rust's upper case
/// would make it `SS`, which changes the name).
fn upper_keeping_sharp_s(value: &str) -> String {
    value
        .chars()
        .flat_map(|c| {
            let upper: Vec<char> = if c == 'ß' {
                vec!['ß']
            } else {
                c.to_uppercase().collect()
            };
            upper
        })
        .collect()
}

/// German time's offset at `at`: +02:00 from the last Sunday of March to the last Sunday of
/// October (01:00 UTC each), else +01:00.
fn berlin_offset(at: DateTime<Utc>) -> chrono::FixedOffset {
    use chrono::{Datelike, NaiveDate, Weekday};
    let last_sunday = |month: u32| {
        let mut day = NaiveDate::from_ymd_opt(at.year(), month + 1, 1)
            .and_then(|d| d.pred_opt())
            .unwrap_or_default();
        while day.weekday() != Weekday::Sun {
            day = day.pred_opt().unwrap_or(day);
        }
        day.and_hms_opt(1, 0, 0).unwrap_or_default().and_utc()
    };
    let summer = at >= last_sunday(3) && at < last_sunday(10);
    chrono::FixedOffset::east_opt(if summer { 7200 } else { 3600 })
        .unwrap_or_else(|| chrono::Offset::fix(&Utc))
}

fn default_capture(field: &str) -> &'static str {
    match field {
        "birthday" => "1980-01-01",
        "nationality" | "country" => "DE",
        _ => CAPTURED,
    }
}

fn leaf(value: Option<String>, status: LeafStatus, original: Option<String>) -> Leaf {
    Leaf {
        value,
        status: Some(status),
        original,
    }
}

/// The (robot) person's German ID card.
fn identity_document(at: DateTime<Utc>) -> IdentificationDocument {
    let new = |v: &str| Some(leaf(Some(v.to_owned()), LeafStatus::New, None));
    let issued = (at - TimeDelta::days(3 * 365))
        .format("%Y-%m-%d")
        .to_string();
    let valid = (at + TimeDelta::days(7 * 365))
        .format("%Y-%m-%d")
        .to_string();
    IdentificationDocument {
        kind: new("IDCARD"),
        country: new("DE"),
        number: new("T22000129"),
        issuedby: new("STADT MÜNCHEN"),
        dateissued: new(&issued),
        validuntil: new(&valid),
        driversclasses: None,
    }
}
