//! Properties of the result decoder: no input makes it panic, and a documented result
//! still decodes the same when IDnow adds fields anywhere.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test crate: a failed unwrap is the test failing"
)]

use idnow::Identification;
use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// Any JSON value, a few levels deep, with keys that often hit the real field names.
fn any_json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("identificationprocess".to_owned()),
        Just("userdata".to_owned()),
        Just("result".to_owned()),
        Just("value".to_owned()),
        Just("status".to_owned()),
        Just("address".to_owned()),
        Just("questions".to_owned()),
        "[a-z]{1,8}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn documented() -> Value {
    json!({
        "identificationprocess": {"result": "SUCCESS", "id": "TST-ABCDE", "transactionnumber": "t-1"},
        "userdata": {"lastname": {"value": "MÜLLER", "status": "MATCH"}, "address": {"city": {"value": "WIEN", "status": "NEW"}}},
        "contactdata": {"email": "a@example.de"}
    })
}

/// Inserts `extra` under a new key in every object of `value`.
fn add_everywhere(value: &mut Value, key: &str, extra: &Value) {
    if let Value::Object(map) = value {
        for child in map.values_mut() {
            add_everywhere(child, key, extra);
        }
        map.insert(key.to_owned(), extra.clone());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn decoding_never_panics(input in any_json()) {
        let _ = serde_json::from_value::<Identification>(input.clone());
        let _ = serde_json::from_slice::<Identification>(input.to_string().as_bytes());
    }

    #[test]
    fn decoding_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = serde_json::from_slice::<Identification>(&bytes);
    }

    #[test]
    fn added_fields_never_change_a_documented_result(key in "x[a-z]{1,10}", extra in any_json()) {
        let baseline: Identification = serde_json::from_value(documented()).unwrap_or_default();
        let mut extended = documented();
        add_everywhere(&mut extended, &key, &extra);
        let decoded = serde_json::from_value::<Identification>(extended);
        prop_assert_eq!(decoded.ok(), Some(baseline));
    }
}
