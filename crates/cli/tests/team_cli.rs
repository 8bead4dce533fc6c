//! The team workspace from the command line, on a real PostgreSQL server: an administrator
//! sets it up and adds officers (one with a one-time password changed at the first join),
//! officers join from their own data folders, propose and confirm; `--officer` stays
//! refused; and a `kill -9` in the middle of a proposal or a confirmation leaves nothing
//! half-written on the server.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test crate: a failed unwrap is the test failing"
)]

mod support;

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use chrono::{TimeDelta, TimeZone, Utc};
use identdesk_team::testing::{Throwaway, skip_without_postgres};
use idnow_sandbox::{Sandbox, SandboxClock, SandboxConfig};

const KEY: &str = "team-cli-key";
const ALICE: &str = "alice's password 1";

/// Held by each test for its whole run: the tests run one after the other. The kill test
/// kills command-line runs 0–300 ms after they start, while they may be opening their
/// Secret Service session; gnome-keyring (42, Debian 12) then aborts on the vanished client
/// (`aes_negotiate: assertion 'session' failed`), and D-Bus starts it again for the next
/// call — but a call the other test had in flight at that moment failed with
/// KEYCHAIN_UNAVAILABLE ("Message recipient disconnected"), seen once in CI.
static ONE_TEST_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

struct Setup {
    server: Throwaway,
    sandbox: Sandbox,
    alice: tempfile::TempDir,
    bob: tempfile::TempDir,
}

fn run(dir: &Path, args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Output {
    support::spawn(dir, args, stdin, env)
        .wait_with_output()
        .unwrap()
}

fn succeeded(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn failed(out: &Output) -> String {
    assert!(
        !out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn add_bank(dir: &Path, sandbox: &Sandbox) {
    succeeded(&run(
        dir,
        &[
            "account",
            "add",
            "--name",
            "Bank",
            "--company-id",
            "ihrebank",
            "--gateway-url",
            &sandbox.base_url(),
            "--api-url",
            &sandbox.robot_url(),
            "--api-key-stdin",
        ],
        KEY,
        &[],
    ));
}

/// An administrator sets the workspace up from the command line; alice and bob join.
async fn setup() -> Option<Setup> {
    if skip_without_postgres("team_cli") {
        return None;
    }
    let server = Throwaway::start().unwrap();
    let start = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
    let sandbox =
        Sandbox::start(SandboxConfig::new("ihrebank", KEY).with_clock(SandboxClock::manual(start)))
            .await
            .unwrap();
    let admin_url = server.admin_target().url();
    let pg = [("PGPASSWORD", server.admin_password.as_str())];
    let nowhere = tempfile::tempdir().unwrap();
    // psql's way: without PGPASSWORD (or ~/.pgpass) the administrator is asked for it.
    let no_password = failed(&run(
        nowhere.path(),
        &["team", "init", "--url", &admin_url],
        "",
        &[("PGPASSFILE", "/nonexistent")],
    ));
    assert!(no_password.contains("PGPASSWORD"), "{no_password}");
    // A new workspace needs its first team administrator, a login of its own.
    let no_admin = failed(&run(
        nowhere.path(),
        &["team", "init", "--url", &admin_url],
        "",
        &pg,
    ));
    assert!(no_admin.contains("--admin"), "{no_admin}");
    let init = succeeded(&run(
        nowhere.path(),
        &["team", "init", "--url", &admin_url, "--admin", "boss"],
        "",
        &pg,
    ));
    assert!(
        init.contains("ready") && init.contains("you hold no rights"),
        "{init}"
    );
    let boss_one_time = init
        .split("it allows nothing until replaced at the first join): ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap()
        .to_owned();

    // The team administrator joins (replacing the one-time password) from a data folder of
    // their own and registers the bank's account.
    const BOSS: &str = "the boss's own password";
    let admin_dir = tempfile::tempdir().unwrap();
    add_bank(admin_dir.path(), &sandbox);
    let boss_url = server.target("boss").url();
    let joined = succeeded(&run(
        admin_dir.path(),
        &["team", "join", "--url", &boss_url, "--password-stdin"],
        &format!("{boss_one_time}\n{BOSS}"),
        &[],
    ));
    assert!(joined.contains("admin"), "{joined}");
    succeeded(&run(
        admin_dir.path(),
        &["team", "register-account", "Bank"],
        "",
        &[],
    ));
    let boss_pg = [("PGPASSWORD", BOSS)];

    // Alice chooses her password on her own machine; the administrator sets only its
    // verifier and never sees it.
    let alice_url = server.target("alice").url();
    let nowhere_else = tempfile::tempdir().unwrap();
    let requested = succeeded(&run(
        nowhere_else.path(),
        &[
            "team",
            "request-access",
            "--url",
            &alice_url,
            "--password-stdin",
        ],
        ALICE,
        &[],
    ));
    assert!(!requested.contains(ALICE));
    let verifier = requested
        .split("--verifier '")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap()
        .to_owned();
    assert!(verifier.starts_with("SCRAM-SHA-256$"), "{requested}");
    succeeded(&run(
        nowhere.path(),
        &[
            "team",
            "add-officer",
            "alice",
            "--url",
            &boss_url,
            "--verifier",
            &verifier,
        ],
        "",
        &boss_pg,
    ));
    // The database administrator who ran init is nobody in the team: it cannot add one.
    failed(&run(
        nowhere.path(),
        &[
            "team",
            "add-officer",
            "mallory",
            "--url",
            &admin_url,
            "--password-stdin",
        ],
        "mallory's password 1",
        &pg,
    ));
    // From the administrator's joined data folder, the registry's entry is signed.
    let added = succeeded(&run(
        admin_dir.path(),
        &["team", "add-officer", "bob"],
        "",
        &[],
    ));
    assert_eq!(
        server
            .admin_value(
                "SELECT count(*) FROM identdesk.audit WHERE action = 'officer.added' AND subject = 'bob' AND signature <> ''"
            )
            .unwrap(),
        "1"
    );
    let one_time = added
        .split("One-time password (shown once; changed at the first join): ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap()
        .to_owned();

    // Alice joins first and adds the account afterwards: creating works straight away.
    let alice = tempfile::tempdir().unwrap();
    succeeded(&run(
        alice.path(),
        &["team", "join", "--url", &alice_url, "--password-stdin"],
        ALICE,
        &[],
    ));
    add_bank(alice.path(), &sandbox);
    succeeded(&run(
        alice.path(),
        &[
            "create",
            "--account",
            "Bank",
            "--firstname",
            "Anna",
            "--lastname",
            "Early",
        ],
        "",
        &[],
    ));
    let status: serde_json::Value = serde_json::from_str(&succeeded(&run(
        alice.path(),
        &["team", "status", "--json"],
        "",
        &[],
    )))
    .unwrap();
    assert_eq!(status["roles"], serde_json::json!(["officer"]));
    assert_eq!(status["trail"]["intact"], true);
    assert_eq!(status["beyondPlan"], serde_json::json!([]));
    assert_eq!(status["accounts"][0]["teamName"], "Bank");

    let bob = tempfile::tempdir().unwrap();
    add_bank(bob.path(), &sandbox);
    let bob_url = server.target("bob").url();
    let refused = failed(&run(
        bob.path(),
        &["team", "join", "--url", &bob_url, "--password-stdin"],
        &one_time,
        &[],
    ));
    assert!(refused.contains("one-time password"), "{refused}");
    succeeded(&run(
        bob.path(),
        &["team", "join", "--url", &bob_url, "--password-stdin"],
        &format!("{one_time}\nbob's own password"),
        &[],
    ));
    // They compare fingerprints and vouch for each other's keys: only then do their
    // decisions count.
    vouch(alice.path(), "bob");
    vouch(bob.path(), "alice");
    // Each command above opened its own session; the key was registered once, at the join.
    assert_eq!(
        server
            .admin_value(
                "SELECT count(*) FROM identdesk.requests WHERE action = 'register_key' AND actor = 'alice'"
            )
            .unwrap(),
        "1"
    );
    Some(Setup {
        server,
        sandbox,
        alice,
        bob,
    })
}

/// `team keys` in the voucher's folder, then `team vouch` for `officer`'s key.
fn vouch(dir: &Path, officer: &str) {
    let keys: serde_json::Value =
        serde_json::from_str(&succeeded(&run(dir, &["team", "keys", "--json"], "", &[]))).unwrap();
    let fingerprint = keys
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["officer"] == officer && k["revoked"] == false)
        .unwrap()["fingerprint"]
        .as_str()
        .unwrap()
        .to_owned();
    let wrong = failed(&run(
        dir,
        &["team", "vouch", officer, "--fingerprint", "0000 1111"],
        "",
        &[],
    ));
    assert!(wrong.contains("fingerprint"), "{wrong}");
    assert!(
        succeeded(&run(
            dir,
            &["team", "vouch", officer, "--fingerprint", &fingerprint],
            "",
            &[]
        ))
        .contains("vouched")
    );
}

impl Setup {
    /// A final SUCCESS alice created, synced into both folders.
    fn final_result(&self) -> String {
        let created: serde_json::Value = serde_json::from_str(&succeeded(&run(
            self.alice.path(),
            &[
                "create",
                "--account",
                "Bank",
                "--firstname",
                "Anna",
                "--lastname",
                "X-AUTOTEST-HAPPYPATH",
                "--json",
            ],
            "",
            &[],
        )))
        .unwrap();
        let txn = created["transactionNumber"].as_str().unwrap().to_owned();
        succeeded(&run(
            self.alice.path(),
            &["robots", "--account", "Bank", &txn],
            "",
            &[],
        ));
        self.sandbox.clock().advance(TimeDelta::seconds(200));
        succeeded(&run(self.alice.path(), &["sync"], "", &[]));
        succeeded(&run(self.bob.path(), &["sync"], "", &[]));
        txn
    }

    fn count(&self, sql: &str) -> i64 {
        self.server.admin_value(sql).unwrap().parse().unwrap()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn officers_join_propose_and_confirm_from_the_command_line() {
    let _turn = ONE_TEST_AT_A_TIME.lock().await;
    let Some(team) = setup().await else {
        return;
    };
    let txn = team.final_result();
    let alice = team.alice.path();
    assert!(
        succeeded(&run(
            alice,
            &["accept", &txn, "--note", "documents in order"],
            "",
            &[]
        ))
        .contains("proposed")
    );
    let own = failed(&run(alice, &["confirm", &txn], "", &[]));
    assert!(
        own.starts_with("error[TEAM_REFUSED]") && own.contains("second officer"),
        "{own}"
    );
    let typed = failed(&run(alice, &["confirm", &txn, "--officer", "bob"], "", &[]));
    assert!(typed.contains("--officer is gone"), "{typed}");
    assert!(
        succeeded(&run(team.bob.path(), &["confirm", &txn], "", &[])).contains("confirmed by bob")
    );

    succeeded(&run(alice, &["sync"], "", &[]));
    let shown: serde_json::Value =
        serde_json::from_str(&succeeded(&run(alice, &["show", &txn, "--json"], "", &[]))).unwrap();
    assert_eq!(shown["decision"]["state"], "confirmed");
    assert_eq!(shown["decision"]["proposedBy"], "alice");
    assert_eq!(shown["decision"]["confirmedBy"], "bob");
    assert_eq!(shown["row"]["createdBy"], "alice");
    assert!(succeeded(&run(alice, &["audit", "verify"], "", &[])).contains("intact"));
    let trail = succeeded(&run(alice, &["audit", "show"], "", &[]));
    assert!(
        trail.contains("decision.confirmed") && trail.contains("bob"),
        "{trail}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kill_during_a_proposal_or_a_confirmation_leaves_nothing_half_written() {
    let _turn = ONE_TEST_AT_A_TIME.lock().await;
    let Some(team) = setup().await else {
        return;
    };
    for delay_ms in [0, 30, 80, 150, 300] {
        let txn = team.final_result();
        let key = txn.to_lowercase();
        let mut proposing = support::spawn(
            team.alice.path(),
            &["accept", &txn, "--note", "ok"],
            "",
            &[],
        );
        tokio::time::sleep(Duration::from_millis(delay_ms)).await;
        let _ = proposing.kill();
        let _ = proposing.wait();
        let proposals = team.count(&format!(
            "SELECT count(*) FROM identdesk.proposals WHERE txn_key = '{key}'"
        ));
        let proposed = team.count(&format!("SELECT count(*) FROM identdesk.audit WHERE action = 'decision.proposed' AND subject = '{txn}'"));
        assert!(
            proposals <= 1 && proposals == proposed,
            "after {delay_ms} ms: {proposals} proposals, {proposed} entries"
        );
        if proposals == 0 {
            succeeded(&run(
                team.alice.path(),
                &["accept", &txn, "--note", "ok"],
                "",
                &[],
            ));
        }

        let mut confirming = support::spawn(team.bob.path(), &["confirm", &txn], "", &[]);
        tokio::time::sleep(Duration::from_millis(delay_ms)).await;
        let _ = confirming.kill();
        let _ = confirming.wait();
        let confirmed = team.count(&format!("SELECT count(*) FROM identdesk.proposals WHERE txn_key = '{key}' AND state = 'confirmed'"));
        let entries = team.count(&format!("SELECT count(*) FROM identdesk.audit WHERE action = 'decision.confirmed' AND subject = '{txn}'"));
        assert!(
            confirmed <= 1 && confirmed == entries,
            "after {delay_ms} ms: {confirmed} confirmed, {entries} entries"
        );
    }
    // The chain holds through every kill.
    assert!(succeeded(&run(team.alice.path(), &["audit", "verify"], "", &[])).contains("intact"));
}
