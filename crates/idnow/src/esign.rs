//! eSign's wire types (contract §5): company-wide document definitions, and the documents
//! of one identification with the hash IDnow prints on them.

use serde::{Deserialize, Serialize};

/// A document definition: one PDF every new identification of the company gets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentDefinition {
    /// `a-z`, `-`, `_`.
    pub identifier: String,
    pub name: String,
    /// `application/pdf`.
    pub mime_type: String,
    #[serde(default)]
    pub optional: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_order: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Per signature: type, position, font size, image; kept as IDnow sends it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signatures: Option<serde_json::Value>,
}

impl DocumentDefinition {
    /// What IDnow would refuse in a definition, naming the first broken rule. Never
    /// stricter than IDnow: its own examples use identifiers like `doc1` and definitions of
    /// `text/plain` and `application/xword`.
    pub fn validate(&self) -> Result<(), crate::ValidationError> {
        let ok_identifier = !self.identifier.is_empty()
            && self
                .identifier
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !ok_identifier {
            return Err(crate::ValidationError::new(
                "identifier",
                "A document identifier uses only a-z, 0-9, '-' and '_'.",
            ));
        }
        if self.name.trim().is_empty() {
            return Err(crate::ValidationError::new(
                "name",
                "A document definition needs a name.",
            ));
        }
        if !self.mime_type.contains('/') {
            return Err(crate::ValidationError::new(
                "mimeType",
                "Give the document's media type, e.g. application/pdf.",
            ));
        }
        Ok(())
    }
}

open_code! {
    /// Where a document of an identification stands.
    DocumentStatus {
        NeedUpload => "NEED_UPLOAD",
        Uploaded => "UPLOADED",
        Signed => "SIGNED",
    }
}

/// A document of one identification.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct IdentificationDocumentInfo {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// SHA-256 of the uploaded bytes, lower-case hex.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
    /// The hash's first 12 hex digits grouped by four, as printed for the signer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_hash: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<DocumentStatus>,
    /// The definition's identifier. IDnow's documentation sends the whole definition
    /// object here; the contract's table a string; both are read.
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "definition_identifier"
    )]
    pub document_definition: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signatures: Option<serde_json::Value>,
}

/// `"doc1"` or `{"identifier": "doc1", …}` (or `null`) → the identifier.
fn definition_identifier<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Definition {
        Identifier(String),
        Object {
            #[serde(default)]
            identifier: Option<String>,
        },
    }
    Ok(
        Option::<Definition>::deserialize(d)?.and_then(|definition| match definition {
            Definition::Identifier(identifier) => Some(identifier),
            Definition::Object { identifier } => identifier,
        }),
    )
}

/// One document, as IDnow answers its single-document GET: an object, or (as its
/// documentation prints it) a one-element array.
pub fn one_document(bytes: &[u8]) -> Result<IdentificationDocumentInfo, serde_json::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrList {
        // The list first: serde reads a struct from a sequence too, so `[]` would
        // otherwise pass as an empty document.
        List(Vec<IdentificationDocumentInfo>),
        One(IdentificationDocumentInfo),
    }
    match serde_json::from_slice::<OneOrList>(bytes)? {
        OneOrList::One(document) => Ok(document),
        OneOrList::List(list) => list.into_iter().next().ok_or_else(|| {
            <serde_json::Error as serde::de::Error>::custom(
                "an empty list where one document was expected",
            )
        }),
    }
}

/// `094c33504ab6…` → `094c-3350-4ab6`.
pub fn display_hash(sha256_hex: &str) -> String {
    let head: Vec<char> = sha256_hex.chars().take(12).collect();
    head.chunks(4)
        .map(|chunk| chunk.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_hash_groups_the_first_twelve_digits() {
        assert_eq!(display_hash("094c33504ab6ffffffff"), "094c-3350-4ab6");
    }

    #[test]
    fn definitions_follow_the_contract() {
        let json = serde_json::json!({
            "identifier": "contract", "name": "Kontoeröffnung", "mimeType": "application/pdf",
            "optional": false, "sortOrder": 1, "version": "2026-1",
            "signatures": [{"type": "ELECTRONIC", "position": {"page": 1, "left": 10, "width": 100, "bottom": 10, "height": 40}}]
        });
        let parsed: Result<DocumentDefinition, _> = serde_json::from_value(json);
        assert!(
            parsed.as_ref().is_ok_and(|d| d.validate().is_ok()),
            "{parsed:?}"
        );
        let parsed = parsed.unwrap();
        let bad = DocumentDefinition {
            identifier: "Contract 1".into(),
            ..parsed.clone()
        };
        assert!(bad.validate().is_err_and(|e| e.field == "identifier"));
        // As IDnow's own examples write them.
        let like_idnow = DocumentDefinition {
            identifier: "doc1".into(),
            mime_type: "text/plain".into(),
            ..parsed
        };
        assert!(like_idnow.validate().is_ok());
    }

    #[test]
    fn a_document_names_its_definition_as_text_or_as_the_object() {
        let as_object = br#"[{"name":"Arbeitsvertrag","version":null,"hash":"094c","status":"UPLOADED","documentDefinition":{"identifier":"doc1","name":"Arbeitsvertrag","mimeType":"application/pdf","optional":false,"sortOrder":1}}]"#;
        let one = one_document(as_object).unwrap();
        assert_eq!(one.document_definition.as_deref(), Some("doc1"));
        assert_eq!(one.version, None);
        let as_text = br#"{"hash":"094c","documentDefinition":"doc1"}"#;
        assert_eq!(
            one_document(as_text)
                .unwrap()
                .document_definition
                .as_deref(),
            Some("doc1")
        );
        assert!(one_document(b"[]").is_err());
    }
}
