//! What can go wrong talking to IDnow: the contract's error body (§9), transport failures
//! and local validation, as one typed error.

use serde::{Deserialize, Serialize};

use crate::validation::ValidationError;

/// The causes named by contract §9.
pub mod cause {
    pub const UNRECOGNIZED_FIELD: &str = "UNRECOGNIZED_FIELD";
    pub const UNPARSEABLE_JSON: &str = "UNPARSEABLE_JSON";
    pub const MISSING_TRANSACTION_TOKEN: &str = "MISSING_TRANSACTION_TOKEN";
    pub const BAD_REQUEST: &str = "BAD_REQUEST";
    pub const INVALID_LOGIN_TOKEN: &str = "INVALID_LOGIN_TOKEN";
    pub const SECURITY_VIOLATION: &str = "SECURITY_VIOLATION";
    pub const FORBIDDEN: &str = "FORBIDDEN";
    pub const OBJECT_NOT_FOUND: &str = "OBJECT_NOT_FOUND";
    pub const EXISTING_IDENTIFICATION: &str = "EXISTING_IDENTIFICATION";
    pub const PRECONDITION_FAILED: &str = "PRECONDITION_FAILED";
    pub const INTERNAL_SERVER_ERROR: &str = "INTERNAL_SERVER_ERROR";
}

/// `{"errors":[{"cause":…,"id":…,"key":…,"message":…}]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ApiErrorBody {
    #[serde(default)]
    pub errors: Vec<ApiErrorItem>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ApiErrorItem {
    #[serde(default)]
    pub cause: String,
    /// IDnow's support id for this failure.
    #[serde(default)]
    pub id: Option<String>,
    /// The field the failure is about, when there is one.
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
}

impl ApiErrorBody {
    pub fn single(cause: &str, key: Option<&str>, message: Option<&str>) -> Self {
        Self {
            errors: vec![ApiErrorItem {
                cause: cause.to_owned(),
                id: None,
                key: key.map(str::to_owned),
                message: message.map(str::to_owned),
            }],
        }
    }

    pub fn first(&self) -> Option<&ApiErrorItem> {
        self.errors.first()
    }

    /// An error body as a gateway sent it: the classic `{"errors": […]}`, or the single
    /// message other APIs send (`message`, `error_description`, `detail`, `error`, as the
    /// Trust Platform and OAuth servers write it), kept as the item's message. A body that
    /// is neither reads as no detail.
    pub fn read(bytes: &[u8]) -> ApiErrorBody {
        if let Ok(body) = serde_json::from_slice::<ApiErrorBody>(bytes)
            && !body.errors.is_empty()
        {
            return body;
        }
        let Ok(serde_json::Value::Object(fields)) = serde_json::from_slice(bytes) else {
            return ApiErrorBody::default();
        };
        let text = |key: &str| fields.get(key).and_then(serde_json::Value::as_str);
        let message = ["message", "error_description", "detail", "title"]
            .into_iter()
            .find_map(text);
        match (text("error").or(text("code")), message) {
            (None, None) => ApiErrorBody::default(),
            (cause, message) => ApiErrorBody::single(cause.unwrap_or(""), None, message),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Rejected before sending: IDnow would not accept this input.
    #[error("{0}")]
    Invalid(#[from] ValidationError),

    /// IDnow answered with an error status.
    #[error("IDnow answered HTTP {status}{}", describe(.body))]
    Api {
        status: u16,
        body: ApiErrorBody,
        /// `Retry-After` in seconds, when IDnow sent one (429).
        retry_after: Option<u64>,
    },

    /// The request never left: DNS, connect or TLS failed.
    #[error("IDnow could not be reached: {0}")]
    Connect(String),

    /// The request may have arrived, but no (complete) answer came: timeout, reset.
    #[error("IDnow did not answer: {0}")]
    Transport(String),

    /// A local file to send or to write could not be used.
    #[error("{0}")]
    File(String),

    /// An answer that is not what the contract says.
    #[error("IDnow's answer could not be read: {0}")]
    Decode(String),

    /// A URL could not be built from the account's settings.
    #[error("the gateway URL is not usable: {0}")]
    Url(String),

    /// The call did not finish within its deadline (retries and waits included).
    #[error(
        "IDnow's gateway did not finish the {what} within {after}; it may be overloaded, or something between here and IDnow holds the answer back. Try again later."
    )]
    Deadline { what: &'static str, after: String },

    /// The answer was larger than IdentDesk accepts for its kind.
    #[error(
        "IDnow's gateway sent a {what} larger than {limit}, IdentDesk's limit for it; nothing of it was kept. If this account really needs more, raise the limit in the account's settings."
    )]
    TooLarge { what: &'static str, limit: String },

    /// The answer's body stayed open but slowed below the pace every answer must keep.
    #[error(
        "IDnow's gateway kept the {what} open but sent under {bytes} in the last {window}, so IdentDesk stopped waiting for it. Try again later; if it keeps happening, something between here and IDnow is holding answers back."
    )]
    Stalled {
        what: &'static str,
        bytes: String,
        window: String,
    },

    /// An answer IdentDesk does not trust: a redirect off the account's hosts, an answer
    /// that is not IDnow's shape, a hostile archive.
    #[error("IdentDesk did not trust the gateway's answer: {0}.")]
    Untrusted(String),
}

impl Error {
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// IDnow answered and refused the request (a 4xx other than 409, finished, and 429,
    /// busy): for a creation this means nothing was created, so an unsent intent may go.
    /// Everything else (no answer, 5xx, 409, 429) may have created something, or may later.
    pub fn refused(&self) -> bool {
        matches!(self, Error::Api { status, .. } if (400..500).contains(status) && *status != 409 && *status != 429)
    }

    /// The first error cause IDnow named, if any.
    pub fn cause(&self) -> Option<&str> {
        match self {
            Error::Api { body, .. } => body.first().map(|e| e.cause.as_str()),
            _ => None,
        }
    }

    /// A transport failure as IdentDesk reports it: a refused redirect named, the URL (which
    /// holds ids) left out.
    pub fn transport(err: reqwest::Error) -> Self {
        if err.is_redirect() {
            let target = std::error::Error::source(&err)
                .map(ToString::to_string)
                .unwrap_or_else(|| "a redirect".into());
            return Error::Untrusted(format!(
                "{target}, off the account's own host; IdentDesk sends the API key, the login token and personal data only to the account's hosts, so nothing was sent there. Check the gateway URL"
            ));
        }
        // Strip the URL: it holds the company id and transaction number, which belong in
        // tracing spans, not in messages that reach the window.
        let connect = err.is_connect();
        let err = err.without_url();
        let mut text = err.to_string();
        let mut source = std::error::Error::source(&err);
        while let Some(cause) = source {
            text.push_str(": ");
            text.push_str(&cause.to_string());
            source = cause.source();
        }
        if connect {
            Error::Connect(text)
        } else {
            Error::Transport(text)
        }
    }
}

fn describe(body: &ApiErrorBody) -> String {
    match body.first() {
        None => String::new(),
        Some(item) => {
            let mut text = if item.cause.is_empty() {
                String::new()
            } else {
                format!(" {}", item.cause)
            };
            if let Some(key) = &item.key {
                text.push_str(&format!(" (field {key})"));
            }
            if let Some(message) = &item.message {
                text.push_str(&format!(": {message}"));
            }
            text
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_body_in_another_apis_shape_keeps_its_message() {
        let classic = ApiErrorBody::read(br#"{"errors":[{"cause":"INVALID_LOGIN_TOKEN"}]}"#);
        assert_eq!(classic.first().unwrap().cause, "INVALID_LOGIN_TOKEN");
        let platform =
            ApiErrorBody::read(br#"{"message":"input.basicIdentity.birthDate is required"}"#);
        let err = Error::Api {
            status: 400,
            body: platform,
            retry_after: None,
        };
        assert_eq!(
            err.to_string(),
            "IDnow answered HTTP 400: input.basicIdentity.birthDate is required"
        );
        let oauth =
            ApiErrorBody::read(br#"{"error":"invalid_client","error_description":"bad secret"}"#);
        assert_eq!(oauth.first().unwrap().cause, "invalid_client");
        assert_eq!(
            oauth.first().unwrap().message.as_deref(),
            Some("bad secret")
        );
        assert_eq!(
            ApiErrorBody::read(b"<html>busy</html>"),
            ApiErrorBody::default()
        );
    }

    #[test]
    fn only_a_definite_4xx_refusal_means_nothing_was_created() {
        let api = |status| Error::Api {
            status,
            body: ApiErrorBody::default(),
            retry_after: None,
        };
        assert!(api(400).refused());
        assert!(api(401).refused());
        assert!(api(412).refused());
        assert!(!api(409).refused(), "finished: it exists");
        assert!(!api(429).refused(), "busy: try again");
        assert!(!api(500).refused());
        assert!(
            !Error::Transport("reset".into()).refused(),
            "it may have arrived"
        );
    }
}
