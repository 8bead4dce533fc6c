//! The officer's first flows against a real SQLite file, the real OS keychain and the
//! in-process sandbox gateway over loopback HTTP. Run inside a Secret Service session
//! (`cargo xtask test` sets one up).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test crate: a failed unwrap is the test failing"
)]

use identdesk_core::{
    Core, CoreOptions, Environment, ErrorCode, IdentificationRequest, IdentificationState,
    NewAccount, NewIdentification, QuestionKind, SystemClock, TypedAnswer,
};

fn options() -> CoreOptions {
    CoreOptions::for_tests(std::sync::Arc::new(SystemClock))
}

async fn open() -> (tempfile::TempDir, Core) {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open(dir.path(), options()).await.unwrap();
    (dir, core)
}

/// The id of the account named `name`.
async fn account_id(core: &Core, name: &str) -> String {
    core.accounts().account_named(name).await.unwrap().id
}

fn anna() -> IdentificationRequest {
    IdentificationRequest {
        firstname: Some("Anna".into()),
        lastname: Some("Canary-Lastname-7f3a".into()),
        birthday: Some("1975-12-20".into()),
        email: Some("anna@example.de".into()),
        ..Default::default()
    }
}

/// Every byte IdentDesk wrote to its data folder (database, WAL, anything else).
fn data_dir_bytes(dir: &std::path::Path) -> Vec<u8> {
    let mut all = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if let Ok(bytes) = std::fs::read(entry.path()) {
            all.extend(bytes);
        }
    }
    all
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn a_fresh_install_gets_a_sandbox_account_whose_key_is_only_in_the_keychain() {
    let (dir, core) = open().await;
    let accounts = core.accounts().ensure_default_account().await.unwrap();
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].name, "Sandbox");
    assert_eq!(accounts[0].environment, Environment::Sandbox);
    // A second start adds nothing.
    let again = core.accounts().ensure_default_account().await.unwrap();
    assert_eq!(again, accounts);

    let key = identdesk_core::Keychain::for_tests()
        .api_key(&accounts[0].id)
        .await
        .expect("the key must be in the keychain");
    assert_eq!(key.expose().len(), 32);
    assert!(
        !contains(&data_dir_bytes(dir.path()), key.expose()),
        "API key found in the data folder"
    );
}

#[tokio::test]
async fn creating_on_the_sandbox_returns_links_and_lists_the_row() {
    let (_dir, core) = open().await;
    let accounts = core.accounts().ensure_default_account().await.unwrap();
    let created = core
        .identifications()
        .create_identification(NewIdentification {
            account_id: accounts[0].id.clone(),
            transaction_number: None,
            person: anna(),
            answers: Vec::new(),
        })
        .await
        .unwrap();
    assert!(created.ident_id.starts_with("TST-"), "{}", created.ident_id);
    assert!(!created.updated);
    assert_eq!(created.transaction_number.len(), 36);
    let base = core
        .accounts()
        .sandbox_url(&accounts[0].id)
        .await
        .unwrap_or_default();
    assert_eq!(created.links.short, format!("{base}/{}", created.ident_id));
    assert_eq!(
        created.links.long,
        format!(
            "{base}/sandbox/identifications/{}",
            created.transaction_number
        )
    );

    let rows = core
        .identifications()
        .list(&Default::default())
        .await
        .unwrap()
        .rows;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].ident_id.as_deref(), Some(created.ident_id.as_str()));
    assert_eq!(rows[0].state, IdentificationState::Created);
    assert_eq!(rows[0].account_name, "Sandbox");
    assert_eq!(rows[0].lastname.as_deref(), Some("Canary-Lastname-7f3a"));

    // Sending the same transaction number again updates; it never duplicates.
    let again = core
        .identifications()
        .create_identification(NewIdentification {
            account_id: accounts[0].id.clone(),
            transaction_number: Some(created.transaction_number.to_uppercase()),
            person: anna(),
            answers: Vec::new(),
        })
        .await
        .unwrap();
    assert!(again.updated);
    assert_eq!(again.ident_id, created.ident_id);
    assert_eq!(
        core.identifications()
            .list(&Default::default())
            .await
            .map(|p| p.rows.len())
            .ok(),
        Some(1)
    );
}

#[tokio::test]
async fn bad_input_is_refused_by_field_and_nothing_is_stored() {
    let (_dir, core) = open().await;
    core.accounts().ensure_default_account().await.unwrap();
    let sandbox = account_id(&core, "Sandbox").await;
    let bad_birthday = NewIdentification {
        account_id: sandbox.clone(),
        transaction_number: None,
        person: IdentificationRequest {
            birthday: Some("20.12.1975".into()),
            ..anna()
        },
        answers: Vec::new(),
    };
    let problems = core.identifications().check_identification(&bad_birthday);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].field, "birthday");
    let err = core
        .identifications()
        .create_identification(bad_birthday)
        .await
        .err();
    assert_eq!(
        err.as_ref().map(|e| e.code()),
        Some(ErrorCode::InvalidInput)
    );
    let payload = err.map(|e| e.payload());
    assert!(
        payload
            .as_ref()
            .is_some_and(|p| p.message.contains("YYYY-MM-DD"))
    );
    assert_eq!(
        payload.and_then(|p| p.field).as_deref(),
        Some("birthday"),
        "the form marks the field"
    );

    let bad_txn = NewIdentification {
        account_id: sandbox.clone(),
        transaction_number: Some("has space".into()),
        person: anna(),
        answers: vec![TypedAnswer {
            key: "income".into(),
            kind: QuestionKind::Integer,
            value: "lots".into(),
        }],
    };
    let fields: Vec<String> = core
        .identifications()
        .check_identification(&bad_txn)
        .into_iter()
        .map(|p| p.field)
        .collect();
    assert_eq!(fields, ["questions.income", "transactionNumber"]);
    let err = core
        .identifications()
        .create_identification(bad_txn)
        .await
        .err();
    assert_eq!(err.map(|e| e.code()), Some(ErrorCode::InvalidInput));
    assert_eq!(
        core.identifications()
            .list(&Default::default())
            .await
            .map(|p| p.rows.len())
            .ok(),
        Some(0)
    );
}

#[tokio::test]
async fn an_unreachable_gateway_keeps_the_intent_in_the_outbox() {
    let (_dir, core) = open().await;
    // A port nothing listens on: bind, read the port, close.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap();
    let down = core
        .accounts()
        .add(NewAccount {
            name: "Down".into(),
            company_id: "ihrebank".into(),
            environment: Environment::WhiteLabel,
            gateway_url: Some(format!("http://127.0.0.1:{port}")),
            go_url: None,
            api_url: None,
            api_key: "key-for-down".into(),
        })
        .await
        .unwrap();
    let err = core
        .identifications()
        .create_identification(NewIdentification {
            account_id: down.id,
            transaction_number: Some("kept-1".into()),
            person: anna(),
            answers: Vec::new(),
        })
        .await
        .err();
    assert_eq!(err.map(|e| e.code()), Some(ErrorCode::GatewayUnreachable));
    let rows = core
        .identifications()
        .list(&Default::default())
        .await
        .map(|p| p.rows)
        .unwrap_or_default();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].state, IdentificationState::Outbox);
    assert_eq!(rows[0].transaction_number, "kept-1");
}

#[tokio::test]
async fn account_input_is_checked_before_anything_is_stored() {
    let (_dir, core) = open().await;
    let base = || NewAccount {
        name: "Ihre Bank".into(),
        company_id: "ihrebank".into(),
        environment: Environment::DeTest,
        gateway_url: None,
        go_url: None,
        api_url: None,
        api_key: "k".into(),
    };
    let white_label_without_url = NewAccount {
        environment: Environment::WhiteLabel,
        ..base()
    };
    let err = core.accounts().add(white_label_without_url).await.err();
    assert!(err.is_some_and(
        |e| e.code() == ErrorCode::InvalidInput && e.to_string().contains("gateway URL")
    ));
    let plain_http_remote = NewAccount {
        environment: Environment::WhiteLabel,
        gateway_url: Some("http://ident.example-bank.de".into()),
        ..base()
    };
    assert!(core.accounts().add(plain_http_remote).await.is_err());
    let no_key = NewAccount {
        api_key: "  ".into(),
        ..base()
    };
    assert!(
        core.accounts()
            .add(no_key)
            .await
            .is_err_and(|e| e.to_string().contains("API key"))
    );

    assert!(core.accounts().add(base()).await.is_ok());
    let duplicate = core
        .accounts()
        .add(NewAccount {
            name: "ihre bank".into(),
            ..base()
        })
        .await
        .err();
    assert_eq!(duplicate.map(|e| e.code()), Some(ErrorCode::AlreadyExists));
    assert_eq!(core.accounts().list().await.map(|a| a.len()).ok(), Some(1));
}

#[tokio::test]
async fn one_identdesk_at_a_time_per_data_folder() {
    let (dir, _core) = open().await;
    let second = Core::open(dir.path(), options()).await.err();
    assert_eq!(
        second.as_ref().map(|e| e.code()),
        Some(ErrorCode::DataFolderInUse)
    );
    assert!(second.is_some_and(|e| e.to_string().contains("--data-dir")));
}

#[tokio::test]
async fn answer_templates_are_kept_per_account_with_their_types() {
    let (_dir, core) = open().await;
    core.accounts().ensure_default_account().await.unwrap();
    let sandbox = account_id(&core, "Sandbox").await;
    let answers = vec![
        TypedAnswer {
            key: "pep".into(),
            kind: QuestionKind::YesNo,
            value: "0".into(),
        },
        TypedAnswer {
            key: "since".into(),
            kind: QuestionKind::Date,
            value: "2020-01-01".into(),
        },
    ];
    let saved = core
        .identifications()
        .save_answer_template(&sandbox, "Private customers", answers.clone())
        .await
        .unwrap();
    assert_eq!(saved.answers, answers);
    // Saving under the same name replaces it.
    core.identifications()
        .save_answer_template(&sandbox, "Private customers", answers[..1].to_vec())
        .await
        .unwrap();
    let listed = core
        .identifications()
        .answer_templates(&sandbox)
        .await
        .unwrap_or_default();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].answers.len(), 1);
    let unnamed = core
        .identifications()
        .save_answer_template(&sandbox, " ", answers)
        .await
        .err();
    assert_eq!(unnamed.map(|e| e.code()), Some(ErrorCode::InvalidInput));
    core.identifications()
        .delete_answer_template(&listed[0].id)
        .await
        .unwrap();
    assert!(
        core.identifications()
            .answer_templates(&sandbox)
            .await
            .unwrap_or_default()
            .is_empty()
    );
}
