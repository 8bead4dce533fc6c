//! Trust Platform accounts end to end over loopback HTTP to the sandbox's Trust Platform:
//! adding one, its flows, creating a session (and adopting one whose answer was lost),
//! the sessions sync (data blocks once terminal, nothing fetched twice, expired sessions
//! purged), the list beside classic identifications, the detail and a vault file.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test crate: a failed unwrap is the test failing"
)]

use chrono::{TimeZone, Utc};
use identdesk_core::{
    CancellationToken, Core, CoreOptions, IdentificationRef, ListQuery, ManualClock,
    NewPlatformAccount, NewSessionInput, PlatformEnvironment, SyncProgress,
};
use idnow_sandbox::{Faults, Sandbox, SandboxClock, SandboxConfig, TrustVariant};
use std::sync::Arc;

const DOCUMENT_AND_SELFIE: &str = "0197c55f-5af6-7e3d-af9b-f2359b104be8";
const WITH_DEVICE_SIGNALS: &str = "0197c55f-5af6-7e3d-af9b-f2359b104bea";

struct Platform {
    _dir: tempfile::TempDir,
    core: Core,
    sandbox: Sandbox,
    account: String,
}

/// A core on a fresh data folder whose clock stands at `start`.
async fn fresh_core(start: chrono::DateTime<Utc>) -> (tempfile::TempDir, Core) {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open(
        dir.path(),
        CoreOptions::for_tests(Arc::new(ManualClock::new(start))),
    )
    .await
    .unwrap();
    (dir, core)
}

async fn platform() -> Platform {
    platform_like(TrustVariant::Current, "/api/v1").await
}

/// A Trust Platform account on a sandbox answering like `variant`, its API under `api_path`.
async fn platform_like(variant: TrustVariant, api_path: &str) -> Platform {
    let start = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).single().unwrap();
    let sandbox = Sandbox::start(
        SandboxConfig::new("client-4711", "client-secret").with_clock(SandboxClock::manual(start)),
    )
    .await
    .unwrap();
    sandbox.set_trust_variant(variant);
    let (dir, core) = fresh_core(start).await;
    let account = core
        .accounts()
        .add_platform(NewPlatformAccount {
            name: "Bank TP".into(),
            sandbox: false,
            client_id: "client-4711".into(),
            client_secret: "client-secret".into(),
            environment: PlatformEnvironment::Staging,
            api_url: Some(format!("{}{api_path}", sandbox.base_url())),
            token_url: Some(format!("{}/oidc/token", sandbox.base_url())),
        })
        .await
        .unwrap()
        .id;
    Platform {
        _dir: dir,
        core,
        sandbox,
        account,
    }
}

impl Platform {
    async fn create(&self, flow: &str, family_name: &str) -> identdesk_core::CreatedSession {
        self.core
            .sessions()
            .create(NewSessionInput {
                account_id: self.account.clone(),
                flow_id: flow.into(),
                given_name: Some("Anna".into()),
                family_name: Some(family_name.into()),
                birth_date: Some("1975-12-20".into()),
                ..NewSessionInput::default()
            })
            .await
            .unwrap()
    }

    /// The Player's steps done, through the sandbox's control route.
    async fn finish(&self, session: &str, status: &str, outcome: &str) {
        let answer = reqwest::Client::new()
            .post(format!(
                "{}/sandbox/trust/sessions/{session}/complete",
                self.sandbox.base_url()
            ))
            .json(&serde_json::json!({"status": status, "outcome": outcome}))
            .send()
            .await
            .unwrap();
        assert!(answer.status().is_success(), "{}", answer.status());
    }

    async fn sync(&self) -> identdesk_core::SyncReport {
        self.core
            .sync()
            .account(
                &self.account,
                &|_: SyncProgress| {},
                &CancellationToken::new(),
            )
            .await
            .unwrap()
    }

    fn session(&self, id: &str) -> IdentificationRef {
        IdentificationRef::new(&self.account, id)
    }
}

#[tokio::test]
async fn a_session_is_created_synced_once_terminal_and_shown_with_its_blocks_and_files() {
    let p = platform().await;
    let check = p.core.accounts().test_connection(&p.account).await.unwrap();
    assert_eq!(check.flows.len(), 3, "{check:?}");
    assert!(check.flows.contains(&"Document and selfie".to_owned()));

    let created = p.create(DOCUMENT_AND_SELFIE, "Muster").await;
    assert!(
        created.subject_id.starts_with("subj_"),
        "{}",
        created.subject_id
    );
    assert!(
        created
            .player_url
            .as_deref()
            .unwrap_or_default()
            .contains("/player/"),
        "{created:?}"
    );
    let listed = p
        .core
        .identifications()
        .list(&ListQuery::default())
        .await
        .unwrap();
    let row = listed
        .rows
        .iter()
        .find(|r| r.transaction_number == created.session_id)
        .unwrap();
    assert_eq!(row.flow_id.as_deref(), Some(DOCUMENT_AND_SELFIE));
    assert_eq!(row.result, None, "created, not ended");
    assert_eq!(row.lastname.as_deref(), Some("Muster"));

    // Running: the sync fetches its state; nothing ends, no blocks are asked for.
    let first = p.sync().await;
    assert_eq!(first.changes.len(), 0);
    let before = p.sandbox.trust_calls();
    assert_eq!(before.data_blocks, 0);

    p.finish(&created.session_id, "COMPLETED", "accepted").await;
    let second = p.sync().await;
    assert_eq!(second.changes.len(), 1, "{second:?}");
    assert_eq!(second.changes[0].result, "ACCEPTED");
    let calls = p.sandbox.trust_calls();
    assert_eq!(
        calls.data_blocks, 1,
        "one block call for the one that ended"
    );

    // Ended sessions are not fetched again.
    let third = p.sync().await;
    assert_eq!(third.changes.len(), 0);
    let after = p.sandbox.trust_calls();
    assert_eq!(after.data_blocks, calls.data_blocks);
    assert_eq!(
        after.sessions, calls.sessions,
        "no session fetched on its own again"
    );

    let detail = p
        .core
        .sessions()
        .detail(&p.session(&created.session_id))
        .await
        .unwrap();
    assert_eq!(detail.status.as_deref(), Some("COMPLETED"));
    assert_eq!(detail.result.as_deref(), Some("ACCEPTED"));
    assert!(detail.is_final);
    assert_eq!(detail.flow_name.as_deref(), Some("Document and selfie"));
    let types: Vec<&str> = detail
        .blocks
        .iter()
        .map(|b| b.block_type.as_str())
        .collect();
    assert!(types.contains(&"basicIdentity"), "{types:?}");
    assert!(types.contains(&"documentVerification"), "{types:?}");
    let identity = detail
        .blocks
        .iter()
        .find(|b| b.block_type == "basicIdentity")
        .unwrap();
    assert!(identity.known);
    assert!(
        identity
            .fields
            .iter()
            .any(|f| f.key == "familyName" && f.value == "Muster")
    );
    assert!(
        !detail.files.is_empty(),
        "the verification's report is in the vault"
    );

    let file = &detail.files[0];
    assert!(!file.stored);
    let info = p
        .core
        .sessions()
        .file(&p.session(&created.session_id), &file.vault_id)
        .await
        .unwrap();
    assert!(info.size_bytes > 0);
    assert!(
        info.media_type == "application/pdf" || info.media_type.starts_with("image/"),
        "{info:?}"
    );
    let (_, bytes) = p
        .core
        .files()
        .attachment(&p.session(&created.session_id), &file.vault_id)
        .await
        .unwrap();
    assert_eq!(bytes.len() as u64, info.size_bytes);
    let again = p
        .core
        .sessions()
        .detail(&p.session(&created.session_id))
        .await
        .unwrap();
    assert!(
        again
            .files
            .iter()
            .any(|f| f.vault_id == file.vault_id && f.stored)
    );
    // A vault id the session's blocks do not name is not fetched.
    let stranger = p
        .core
        .sessions()
        .file(&p.session(&created.session_id), "file_other")
        .await;
    assert_eq!(
        stranger.unwrap_err().code(),
        identdesk_core::ErrorCode::NotFound
    );

    // Found by the person's name, like a classic identification.
    let search = ListQuery {
        search: Some("Muster".into()),
        ..ListQuery::default()
    };
    let found = p.core.identifications().list(&search).await.unwrap();
    assert_eq!(found.rows.len(), 1);

    // Opened in the system's viewer: an owner-only copy, gone when IdentDesk closes.
    let copy = p
        .core
        .files()
        .copy_for_viewer(&p.session(&created.session_id), &file.vault_id)
        .await
        .unwrap();
    assert_eq!(std::fs::read(&copy).unwrap(), bytes);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let Platform { core, .. } = p;
    drop(core);
    assert!(!copy.exists(), "the copy outlived IdentDesk");
}

#[tokio::test]
async fn an_unknown_block_type_is_kept_as_a_tree_and_an_expired_session_is_purged_at_once() {
    let p = platform().await;
    let kept = p.create(WITH_DEVICE_SIGNALS, "Signal").await;
    let expired = p.create(DOCUMENT_AND_SELFIE, "Expired").await;
    p.finish(&kept.session_id, "COMPLETED", "REJECTED").await;
    p.finish(&expired.session_id, "EXPIRED", "").await;
    let report = p.sync().await;
    let mut results: Vec<String> = report.changes.iter().map(|c| c.result.clone()).collect();
    results.sort();
    assert_eq!(results, ["EXPIRED", "REJECTED"]);

    let detail = p
        .core
        .sessions()
        .detail(&p.session(&kept.session_id))
        .await
        .unwrap();
    let signals = detail
        .blocks
        .iter()
        .find(|b| b.block_type == "deviceSignals")
        .unwrap();
    assert!(!signals.known);
    assert!(!signals.fields.is_empty());
    assert!(signals.content_json.is_some());

    let gone = p
        .core
        .sessions()
        .detail(&p.session(&expired.session_id))
        .await
        .unwrap();
    assert!(gone.purged);
    assert_eq!(gone.purge_reason.as_deref(), Some("canceled"));
    assert!(gone.blocks.iter().all(|b| b.fields.is_empty()));
    let rows = p
        .core
        .identifications()
        .list(&ListQuery::default())
        .await
        .unwrap()
        .rows;
    let row = rows
        .iter()
        .find(|r| r.transaction_number == expired.session_id)
        .unwrap();
    assert!(row.purged);
    assert_eq!(row.lastname, None);
}

#[tokio::test]
async fn a_creation_whose_answer_was_lost_is_found_by_its_subject_id_not_sent_twice() {
    let p = platform().await;
    // Log in first, so the lost answer is the creation's own.
    p.core.accounts().test_connection(&p.account).await.unwrap();
    p.sandbox.set_faults(Faults {
        drop_next_after_commit: 1,
        ..Faults::default()
    });
    let lost = p
        .core
        .sessions()
        .create(NewSessionInput {
            account_id: p.account.clone(),
            flow_id: DOCUMENT_AND_SELFIE.into(),
            given_name: Some("Anna".into()),
            family_name: Some("Verloren".into()),
            birth_date: Some("1975-12-20".into()),
            ..NewSessionInput::default()
        })
        .await;
    assert!(lost.is_err(), "the answer never came");
    let rows = p
        .core
        .identifications()
        .list(&ListQuery::default())
        .await
        .unwrap()
        .rows;
    assert_eq!(rows.len(), 1);
    assert!(
        rows[0].transaction_number.starts_with("subj_"),
        "the intent, by its subject id"
    );

    let report = p.sync().await;
    assert_eq!(report.fetched, 1, "IDnow has the one session");
    let rows = p
        .core
        .identifications()
        .list(&ListQuery::default())
        .await
        .unwrap()
        .rows;
    assert_eq!(rows.len(), 1, "adopted, not duplicated: {rows:?}");
    assert!(!rows[0].transaction_number.starts_with("subj_"));
    assert_eq!(rows[0].lastname.as_deref(), Some("Verloren"));
}

#[tokio::test]
async fn input_is_checked_before_anything_is_sent_and_a_refusal_shows_idnows_answer() {
    let p = platform().await;
    let problems = p.core.sessions().check(&NewSessionInput {
        account_id: p.account.clone(),
        flow_id: DOCUMENT_AND_SELFIE.into(),
        given_name: Some("Anna".into()),
        birth_date: Some("20.12.1975".into()),
        ..NewSessionInput::default()
    });
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert!(fields.contains(&"familyName"), "{fields:?}");
    assert!(fields.contains(&"birthDate"), "{fields:?}");

    let refused = p
        .core
        .sessions()
        .create(NewSessionInput {
            account_id: p.account.clone(),
            flow_id: "no-such-flow".into(),
            ..NewSessionInput::default()
        })
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("no such flow"), "{refused}");
    let rows = p
        .core
        .identifications()
        .list(&ListQuery::default())
        .await
        .unwrap()
        .rows;
    assert!(rows.is_empty(), "a refused intent is not kept");
}

#[tokio::test]
async fn a_sync_pages_newest_first_and_a_resync_stops_at_what_the_cache_settled() {
    let p = platform().await;
    p.sandbox.seed_trust_sessions(1, "staging", 250);
    let first = p.sync().await;
    assert_eq!(first.fetched, 250);
    assert_eq!(first.changes.len(), 250);
    let calls = p.sandbox.trust_calls();
    // The seeded flow's 250 in three pages; the two other flows one empty page each.
    assert_eq!(calls.session_lists, 5, "{calls:?}");
    assert_eq!(calls.data_blocks, 250, "one block call per ended session");
    assert_eq!(
        calls.sessions, 0,
        "listed as ended: no session fetched on its own"
    );

    let again = p.sync().await;
    assert_eq!(again.changes.len(), 0);
    let after = p.sandbox.trust_calls();
    // The first page holds the newest settled session; the second is wholly older: stop.
    assert_eq!(after.session_lists - calls.session_lists, 4, "{after:?}");
    assert_eq!(after.data_blocks, calls.data_blocks);

    // A session that arrives on top is found and its blocks fetched once.
    let newer = p
        .create("0197c55f-5af6-7e3d-af9b-f2359b104be9", "Neu")
        .await;
    p.finish(&newer.session_id, "COMPLETED", "accepted").await;
    let third = p.sync().await;
    assert_eq!(third.changes.len(), 1, "{third:?}");
    assert_eq!(p.sandbox.trust_calls().data_blocks, after.data_blocks + 1);
    let rows = p
        .core
        .identifications()
        .list(&ListQuery {
            limit: 1000,
            ..ListQuery::default()
        })
        .await
        .unwrap()
        .rows;
    assert_eq!(rows.len(), 251, "each session once");
}

#[tokio::test]
async fn the_built_in_sandbox_needs_no_credentials_and_its_player_is_played_from_the_back_office() {
    let (_dir, core) = fresh_core(Utc::now()).await;
    let account = core
        .accounts()
        .add_platform(NewPlatformAccount {
            name: "Training TP".into(),
            sandbox: true,
            client_id: String::new(),
            client_secret: String::new(),
            environment: PlatformEnvironment::Staging,
            api_url: None,
            token_url: None,
        })
        .await
        .unwrap();
    assert_eq!(account.environment, identdesk_core::Environment::Sandbox);
    let flows = core.sessions().flows(&account.id).await.unwrap();
    assert_eq!(flows.len(), 3);
    let created = core
        .sessions()
        .create(NewSessionInput {
            account_id: account.id.clone(),
            flow_id: flows[0].id.clone(),
            given_name: Some("Anna".into()),
            family_name: Some("Training".into()),
            birth_date: Some("1990-01-01".into()),
            ..NewSessionInput::default()
        })
        .await
        .unwrap();
    let session = IdentificationRef::new(&account.id, &created.session_id);
    core.sessions()
        .play_in_sandbox(&session, identdesk_core::SandboxPlay::Rejected)
        .await
        .unwrap();
    core.sync()
        .account(
            &account.id,
            &|_: SyncProgress| {},
            &CancellationToken::new(),
        )
        .await
        .unwrap();
    let detail = core.sessions().detail(&session).await.unwrap();
    assert_eq!(detail.result.as_deref(), Some("REJECTED"));
    assert_eq!(
        detail.last_step.map(|s| s.verdict),
        Some(Some("rejected".to_owned()))
    );
    // A classic account has no Player to play.
    let classic = core
        .accounts()
        .add(identdesk_core::NewAccount {
            name: "Classic".into(),
            company_id: "sandbox".into(),
            environment: identdesk_core::Environment::Sandbox,
            gateway_url: None,
            go_url: None,
            api_url: None,
            api_key: "k".into(),
        })
        .await
        .unwrap();
    let refused = core
        .sessions()
        .play_in_sandbox(
            &IdentificationRef::new(&classic.id, "x"),
            identdesk_core::SandboxPlay::Accepted,
        )
        .await
        .unwrap_err();
    assert_eq!(refused.code(), identdesk_core::ErrorCode::InvalidInput);
    // Nor does a session the sandbox never made.
    let unknown = core
        .sessions()
        .play_in_sandbox(
            &IdentificationRef::new(&account.id, "no-such-session"),
            identdesk_core::SandboxPlay::Accepted,
        )
        .await
        .unwrap_err();
    assert_eq!(unknown.code(), identdesk_core::ErrorCode::NotFound);
}

#[tokio::test]
async fn the_older_documented_build_syncs_and_reads_the_same() {
    // Ids that are not UUIDs, `datablocks` with flat PascalCase items, `lastStep {stepName,
    // stepType}`, outcomes in capitals, `expiresAt` set, and the API under `/v1`.
    let p = platform_like(TrustVariant::Early, "/v1").await;
    let created = p.create(DOCUMENT_AND_SELFIE, "Alt").await;
    assert!(
        created.session_id.starts_with("sess_"),
        "{}",
        created.session_id
    );
    p.finish(&created.session_id, "COMPLETED", "accepted").await;
    let report = p.sync().await;
    assert_eq!(report.changes.len(), 1, "{report:?}");
    assert_eq!(report.changes[0].result, "ACCEPTED");
    let detail = p
        .core
        .sessions()
        .detail(&p.session(&created.session_id))
        .await
        .unwrap();
    assert_eq!(detail.result.as_deref(), Some("ACCEPTED"));
    assert!(detail.expires_at.is_some());
    let step = detail.last_step.unwrap();
    assert_eq!(
        (step.step.as_str(), step.verdict.as_deref()),
        ("END", Some("accepted"))
    );
    let identity = detail
        .blocks
        .iter()
        .find(|b| b.block_type == "basicIdentity")
        .expect("PascalCase types read as camelCase");
    assert!(identity.known);
    assert!(
        identity
            .fields
            .iter()
            .any(|f| f.key == "familyName" && f.value == "Alt")
    );
    let report = detail
        .files
        .iter()
        .find(|f| f.block_type == "documentVerification")
        .expect("a flat item's vault reference is found");
    let info = p
        .core
        .sessions()
        .file(&p.session(&created.session_id), &report.vault_id)
        .await
        .unwrap();
    assert_eq!(info.media_type, "application/pdf");
}

#[tokio::test]
async fn the_token_endpoint_may_be_read_from_the_auth_servers_openid_configuration() {
    let sandbox = Sandbox::start(SandboxConfig::new("client-4711", "client-secret"))
        .await
        .unwrap();
    let base = sandbox.base_url();
    let (_dir, core) = fresh_core(Utc::now()).await;
    let add = |name: &str, token_url: String| NewPlatformAccount {
        name: name.into(),
        sandbox: false,
        client_id: "client-4711".into(),
        client_secret: "client-secret".into(),
        environment: PlatformEnvironment::Staging,
        api_url: Some(format!("{base}/api/v1")),
        token_url: Some(token_url),
    };
    let account = core
        .accounts()
        .add_platform(add(
            "Discovered",
            format!("{base}/oidc/.well-known/openid-configuration"),
        ))
        .await
        .unwrap();
    assert_eq!(
        account.platform.as_ref().map(|p| p.token_url.as_str()),
        Some(format!("{base}/oidc/token").as_str())
    );
    let check = core.accounts().test_connection(&account.id).await.unwrap();
    assert_eq!(check.flows.len(), 3);

    // A configuration that is not there: a clear error on the field, nothing added.
    let refused = core
        .accounts()
        .add_platform(add(
            "Nowhere",
            format!("{base}/nowhere/.well-known/openid-configuration"),
        ))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), identdesk_core::ErrorCode::InvalidInput);
    assert!(
        refused.to_string().contains("token endpoint itself"),
        "{refused}"
    );
    assert_eq!(core.accounts().list().await.unwrap().len(), 1);
}
