//! A session's data blocks (§3.5): the input blocks it was created with and the output
//! blocks its steps made, under `dataBlocks` or `datablocks`, each in one of three item
//! shapes (§9.9). Content is kept verbatim (unknown types too); files are vault references
//! inside it (§6).

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::DecodeError;

/// The keys of a block's envelope in the flat shapes: what is left is its content.
const ENVELOPE: &[&str] = &[
    "datablockId",
    "dataBlockId",
    "id",
    "type",
    "createdBy",
    "createdByStep",
    "lastStep",
    "createdAt",
    "status",
];

/// All of a session's blocks, oldest first as IDnow sorts them.
#[derive(Debug, Clone, PartialEq)]
pub struct DataBlocks {
    pub blocks: Vec<DataBlock>,
}

impl DataBlocks {
    pub fn decode(body: &[u8]) -> Result<DataBlocks, DecodeError> {
        #[derive(Deserialize)]
        struct Wire {
            #[serde(rename = "dataBlocks", alias = "datablocks", default)]
            blocks: Vec<Map<String, Value>>,
        }
        let wire: Wire = crate::decode(body)?;
        Ok(DataBlocks {
            blocks: wire.blocks.into_iter().map(DataBlock::from_item).collect(),
        })
    }
}

/// One data block.
#[derive(Debug, Clone, PartialEq)]
pub struct DataBlock {
    pub id: Option<String>,
    /// camelCase whatever the build wrote (`BasicIdentity` → `basicIdentity`, §9.10).
    pub kind: String,
    /// The step that made it (`START` for an input block in some builds).
    pub step: Option<String>,
    /// Monotonic within the session, where sent.
    pub clock: Option<i64>,
    pub created_at: Option<String>,
    pub status: BlockStatus,
    /// The block's fields as sent; `None` once IDnow deleted it.
    pub content: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockStatus {
    Stored,
    Deleted,
    Other(String),
}

impl DataBlock {
    fn from_item(mut item: Map<String, Value>) -> DataBlock {
        let text = |value: Option<&Value>| value.and_then(Value::as_str).map(str::to_owned);
        let id = ["datablockId", "dataBlockId", "id"]
            .iter()
            .find_map(|key| text(item.get(*key)));
        let created_by = item.get("createdBy");
        let step = text(created_by.and_then(|c| c.get("stepId")))
            .or_else(|| text(item.get("lastStep").and_then(|l| l.get("stepId"))))
            .or_else(|| match item.get("createdByStep") {
                Some(Value::Object(step)) => text(step.get("stepId")),
                other => text(other),
            });
        let clock = created_by
            .and_then(|c| c.get("clock"))
            .and_then(Value::as_i64);
        let status = match text(item.get("status")).as_deref() {
            None | Some("STORED") => BlockStatus::Stored,
            Some("DELETED") => BlockStatus::Deleted,
            Some(other) => BlockStatus::Other(other.to_owned()),
        };
        let kind = camel(&text(item.get("type")).unwrap_or_default());
        let created_at = text(item.get("createdAt"));
        let content = match item.remove("content") {
            Some(Value::Null) => None,
            Some(content) => Some(content),
            None if status == BlockStatus::Deleted => None,
            None => {
                for key in ENVELOPE {
                    item.remove(*key);
                }
                Some(Value::Object(item))
            }
        };
        DataBlock {
            id,
            kind,
            step,
            clock,
            created_at,
            status,
            content,
        }
    }

    /// The files this block points to in the vault (`{"$ref": "vault", "$id": …}`).
    pub fn files(&self) -> Vec<VaultRef> {
        let mut found = Vec::new();
        if let Some(content) = &self.content {
            collect_vault_refs(content, &mut found);
        }
        found
    }
}

/// A file in the vault, by the id `GET v1/{environment}/files/{id}` takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VaultRef(pub String);

fn collect_vault_refs(value: &Value, found: &mut Vec<VaultRef>) {
    match value {
        Value::Object(fields) => {
            if fields.get("$ref").and_then(Value::as_str) == Some("vault")
                && let Some(id) = fields.get("$id").and_then(Value::as_str)
            {
                found.push(VaultRef(id.to_owned()));
            }
            for field in fields.values() {
                collect_vault_refs(field, found);
            }
        }
        Value::Array(items) => {
            for item in items {
                collect_vault_refs(item, found);
            }
        }
        _ => {}
    }
}

fn camel(kind: &str) -> String {
    let mut chars = kind.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
