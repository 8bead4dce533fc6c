//! Flows as the Trust Platform lists them (§3.1): paged with `page` where the server pages
//! (DEV1), all at once elsewhere; `version` a number or a string.

use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

use crate::DecodeError;

/// One answer of a listing call: its items (`content`) and, where the server pages, where
/// this page stands (flows are sent all at once by some builds).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(bound = "T: Deserialize<'de>")]
pub struct Paged<T> {
    #[serde(default = "Vec::new")]
    pub content: Vec<T>,
    #[serde(default)]
    pub page: Option<Page>,
}

impl<T: serde::de::DeserializeOwned> Paged<T> {
    pub fn decode(body: &[u8]) -> Result<Paged<T>, DecodeError> {
        crate::decode(body)
    }
}

/// One answer of `GET v1/flows/{environment}`.
pub type FlowPage = Paged<Flow>;

/// A flow built in IDnow's dashboard and published to an environment.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Flow {
    /// Opaque: not always a UUID (§9.20).
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// A number in one build, a string in others: kept as text.
    #[serde(default, deserialize_with = "number_or_text")]
    pub version: Option<String>,
    #[serde(default)]
    pub environment: Option<String>,
    /// Whatever else a build sends, kept.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// Where a paged answer stands (`number` is 1-based in the examples).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Page {
    pub size: u64,
    pub number: u64,
    pub total_elements: u64,
    pub total_pages: u64,
}

impl Page {
    /// Whether a page follows this one.
    pub fn has_next(&self) -> bool {
        self.number < self.total_pages
    }
}

pub(crate) fn number_or_text<'de, D: Deserializer<'de>>(
    from: D,
) -> Result<Option<String>, D::Error> {
    Ok(match Option::<Value>::deserialize(from)? {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) => Some(text),
        Some(other) => Some(other.to_string()),
    })
}
