//! The result as XML, element for element like its JSON (the archive's `<txn>.xml`).

use quick_xml::escape::escape;
use serde_json::Value;

pub fn result_xml(result: &Value) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    element(&mut out, "identification", result, 0);
    out
}

fn element(out: &mut String, name: &str, value: &Value, depth: usize) {
    let indent = "  ".repeat(depth);
    match value {
        Value::Object(map) => {
            out.push_str(&format!("{indent}<{name}>\n"));
            for (key, child) in map {
                element(out, key, child, depth + 1);
            }
            out.push_str(&format!("{indent}</{name}>\n"));
        }
        Value::Array(items) => {
            for item in items {
                element(out, name, item, depth);
            }
        }
        Value::Null => out.push_str(&format!("{indent}<{name}/>\n")),
        Value::String(text) => out.push_str(&format!(
            "{indent}<{name}>{}</{name}>\n",
            escape(text.as_str())
        )),
        other => out.push_str(&format!("{indent}<{name}>{other}</{name}>\n")),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn values_are_escaped_and_nested() {
        let xml = super::result_xml(&serde_json::json!({
            "identificationprocess": {"result": "SUCCESS"},
            "userdata": {"lastname": {"value": "<MÜLLER & SÖHNE>", "status": "MATCH"}}
        }));
        assert!(xml.contains("<result>SUCCESS</result>"));
        assert!(xml.contains("<value>&lt;MÜLLER &amp; SÖHNE&gt;</value>"));
    }
}
