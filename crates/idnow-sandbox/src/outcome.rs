//! Builds the result object IDnow would report for a finished identification: values in
//! upper case, each leaf MATCH against what the company sent, or NEW where it sent nothing.

use chrono::{DateTime, SecondsFormat, Utc};
use idnow::{
    Address, ContactData, CustomData, Identification, IdentificationProcess, Leaf, LeafStatus,
    ResultCode,
};

use crate::state::StoredIdentification;

/// What the (robot) agent saw for fields the company did not send.
const CAPTURED_WHEN_NOT_SENT: &str = "SANDBOX";

pub fn finished(
    company_id: &str,
    stored: &StoredIdentification,
    result: ResultCode,
    reason: Option<String>,
    at: DateTime<Utc>,
) -> Identification {
    let request = &stored.request;
    let txn = &stored.transaction_number;
    let mut ident = Identification {
        identificationprocess: IdentificationProcess {
            result: Some(result.clone()),
            reason,
            companyid: Some(company_id.to_owned()),
            filename: Some(format!("{txn}.zip")),
            agentname: Some("TROBOT".into()),
            identificationtime: Some(at.to_rfc3339_opts(SecondsFormat::Secs, false)),
            id: Some(stored.ident_id.clone()),
            href: Some(format!("/api/v1/{company_id}/identifications/{txn}.zip")),
            kind: Some("WEB".into()),
            transactionnumber: Some(txn.clone()),
        },
        customdata: CustomData {
            custom1: request.custom1.clone(),
            custom2: request.custom2.clone(),
            custom3: request.custom3.clone(),
            custom4: request.custom4.clone(),
            custom5: request.custom5.clone(),
        },
        contactdata: ContactData {
            email: request.email.clone(),
            mobilephone: request.mobilephone.clone(),
        },
        ..Identification::default()
    };
    if result == ResultCode::Canceled {
        // IDnow deletes every piece of personal data of a canceled identification.
        ident.contactdata = ContactData::default();
        ident.customdata = CustomData::default();
        return ident;
    }
    let user = &mut ident.userdata;
    user.firstname = Some(captured(request.firstname.as_deref()));
    user.lastname = Some(captured(request.lastname.as_deref()));
    user.birthday = Some(captured_exact(request.birthday.as_deref(), "1980-01-01"));
    user.birthplace = Some(captured(request.birthplace.as_deref()));
    user.nationality = Some(captured_exact(request.nationality.as_deref(), "DE"));
    user.gender = request.gender.as_deref().map(|g| captured(Some(g)));
    user.title = request.title.as_deref().map(|t| captured(Some(t)));
    user.birthname = request.birthname.as_deref().map(|b| captured(Some(b)));
    user.address = Some(Address {
        street: Some(captured(request.street.as_deref())),
        streetnumber: Some(captured(request.streetnumber.as_deref())),
        zipcode: Some(captured(request.zipcode.as_deref())),
        city: Some(captured(request.city.as_deref())),
        country: Some(captured_exact(request.country.as_deref(), "DE")),
    });
    ident
}

/// A text leaf: the sent value in upper case (MATCH), as IDnow reports names and places,
/// or a captured one (NEW).
fn captured(sent: Option<&str>) -> Leaf {
    leaf(sent.map(str::to_uppercase), CAPTURED_WHEN_NOT_SENT)
}

/// A coded leaf (date, country) that keeps its exact form.
fn captured_exact(sent: Option<&str>, default: &str) -> Leaf {
    leaf(sent.map(str::to_owned), default)
}

fn leaf(sent: Option<String>, when_not_sent: &str) -> Leaf {
    let (value, status) = match sent {
        Some(value) => (value, LeafStatus::Match),
        None => (when_not_sent.to_owned(), LeafStatus::New),
    };
    Leaf {
        value: Some(value),
        status: Some(status),
        original: None,
    }
}
