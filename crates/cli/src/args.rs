//! The command line's grammar.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use identdesk_core::ipc::{IdentificationStage, ResultCode};
use identdesk_core::{Environment, IdentificationRequest, QuestionKind, TypedAnswer};

#[derive(Parser)]
#[command(
    name = "identdesk-cli",
    version,
    about = "IdentDesk from the command line: IDnow accounts, identifications, eSign, the local cache"
)]
pub struct Cli {
    /// The data folder (defaults to IdentDesk's, the same the window uses).
    #[arg(long, global = true, env = identdesk_core::DATA_DIR_ENV)]
    pub data_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// IDnow accounts.
    Account {
        #[command(subcommand)]
        command: AccountCommand,
    },
    /// Create (or update) an identification and print its Ident-ID and links; on a Trust
    /// Platform account (with --flow), create a session and print its id and Player URL.
    Create(Box<CreateArgs>),
    /// A Trust Platform account's flows.
    Flows {
        #[arg(long)]
        account: String,
        #[arg(long)]
        json: bool,
    },
    /// Write a file of a Trust Platform session (a vault id its data blocks name, as `show`
    /// lists them) to OUTPUT, fetching it into the cache first.
    File {
        session: String,
        file: String,
        #[arg(long)]
        output: PathBuf,
        #[arg(long)]
        account: Option<String>,
    },
    /// A Trust Platform session whose creation got no answer: look for it at IDnow and send
    /// it again if it is not there, or discard it.
    Unsent {
        #[command(subcommand)]
        command: UnsentCommand,
    },
    /// Start the test robots for an identification (test environment and sandbox).
    Robots {
        #[arg(long)]
        account: String,
        transaction_number: String,
    },
    /// eSign documents.
    Esign {
        #[command(subcommand)]
        command: EsignCommand,
    },
    /// Bring the cache up to date, as the window does: send unsent creations, fetch every
    /// account's results, then purge what retention says is due.
    Sync,
    /// The cached identifications, newest first.
    List(ListArgs),
    /// One identification in full: result, fields, history.
    Show {
        transaction_number: String,
        #[arg(long)]
        account: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Download the result archive into the cache and write the ZIP to OUTPUT.
    Archive {
        transaction_number: String,
        output: PathBuf,
        #[arg(long)]
        account: Option<String>,
    },
    /// Delete an identification at IDnow (final) and purge it here.
    Delete {
        transaction_number: String,
        #[arg(long)]
        account: Option<String>,
        /// Confirms that IDnow deletes it for good.
        #[arg(long)]
        yes: bool,
    },
    /// Export data.
    Export {
        #[command(subcommand)]
        command: ExportCommand,
    },
    /// Create identifications from a CSV file (header: contract field names,
    /// transactionnumber, question:KEY).
    BulkCreate {
        #[arg(long)]
        account: String,
        file: PathBuf,
        /// Check every row and show what would be sent; send nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Accept (or, with --reject, reject) a final result: alone in solo mode, as a proposal
    /// a colleague confirms in a team workspace.
    Accept {
        transaction_number: String,
        #[arg(long)]
        note: String,
        #[arg(long)]
        reject: bool,
        #[arg(long)]
        account: Option<String>,
        /// Refused: the officer is who runs IdentDesk, never a typed name.
        #[arg(long, hide = true)]
        officer: Option<String>,
    },
    /// Confirm a colleague's proposal (four-eyes; needs a team workspace).
    Confirm {
        transaction_number: String,
        #[arg(long)]
        account: Option<String>,
        /// Refused: the officer is who runs IdentDesk, never a typed name.
        #[arg(long, hide = true)]
        officer: Option<String>,
    },
    /// The audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// The overview a team lead reads: identifications per day by outcome, pass, fraud and
    /// cancellation rates beside the period before, time to a final result per week, what
    /// is waiting, the top reasons, eSign. In a team workspace, the whole team's figures.
    Overview {
        /// One account (name or id); all when absent.
        #[arg(long)]
        account: Option<String>,
        /// `week` (Monday to today), `30d` (the default) or `quarter`; or --from and --to.
        #[arg(long, conflicts_with_all = ["from", "to"])]
        period: Option<String>,
        /// First day, YYYY-MM-DD (with --to).
        #[arg(long, requires = "to")]
        from: Option<String>,
        /// Last day, YYYY-MM-DD (with --from).
        #[arg(long, requires = "from")]
        to: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Purge personal data whose retention period ended.
    Purge {
        #[arg(long)]
        dry_run: bool,
    },
    /// Print the folder holding the log files (one a day, the last 14 kept), for support.
    Logs,
    /// The team workspace on PostgreSQL: set it up, add officers, join, leave.
    Team {
        #[command(subcommand)]
        command: TeamCommand,
    },
}

#[derive(Subcommand)]
pub enum TeamCommand {
    /// The database's administrator: set up (or bring up to date) the workspace in an
    /// existing database. Authenticates as psql does (PGPASSWORD or ~/.pgpass). Holds the
    /// owner's rights only while it runs; a new workspace gets its first team
    /// administrator, a login of its own (--admin).
    Init {
        /// postgres://DBADMIN@HOST:PORT/DB
        #[arg(long)]
        url: String,
        /// The team's first administrator (a new login; never an officer).
        #[arg(long)]
        admin: Option<String>,
        /// Their SCRAM verifier, as `team request-access` printed it on their machine;
        /// without it a one-time password is printed.
        #[arg(long)]
        admin_verifier: Option<String>,
        /// The server's CA (PEM), when the system does not know it.
        #[arg(long)]
        ca_file: Option<PathBuf>,
    },
    /// Team administrators: add an officer (or reset their credential and role). Give the
    /// SCRAM verifier the officer's own app printed (`team request-access`): you never see
    /// their password. Else a password from standard input, or a one-time password is
    /// printed, which allows nothing until it is replaced at the first join. From your
    /// joined data folder (no --url) the registry's entry is signed with your key; with
    /// --url you sign in as psql does (PGPASSWORD or ~/.pgpass) and it is not.
    AddOfficer {
        name: String,
        #[arg(long, value_enum, default_value = "officer")]
        role: RoleArg,
        /// postgres://TEAMADMIN@HOST:PORT/DB; without it, this data folder's team session.
        #[arg(long)]
        url: Option<String>,
        #[arg(long, conflicts_with = "password_stdin")]
        verifier: Option<String>,
        #[arg(long)]
        password_stdin: bool,
        #[arg(long)]
        ca_file: Option<PathBuf>,
    },
    /// An officer, on their own machine: choose a password (standard input) and print the
    /// SCRAM verifier to hand the administrator (`team add-officer NAME --verifier V`). The
    /// password never leaves this machine; join with it afterwards.
    RequestAccess {
        /// postgres://NAME@HOST:PORT/DB
        #[arg(long)]
        url: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// This data folder joins the workspace as NAME; the password (first line of standard
    /// input; a one-time one needs the new one on the second line) goes to the keychain.
    Join {
        /// postgres://NAME@HOST:PORT/DB
        #[arg(long)]
        url: String,
        #[arg(long)]
        password_stdin: bool,
        #[arg(long)]
        ca_file: Option<PathBuf>,
    },
    /// Where this folder is signed in, whether the server answers, the trail's witness, the
    /// grants beyond the plan, and the accounts' mapping.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Leave the workspace; the local cache stays.
    Leave,
    /// Administrators: put a local account into the team's registry (no API key leaves).
    RegisterAccount { name: String },
    /// Administrators: end the session that holds the team trail (`team status` names it).
    Release,
    /// Every officer's signing key with its fingerprint, and who vouched for it.
    Keys {
        #[arg(long)]
        json: bool,
    },
    /// Vouch for NAME's key once you compared its fingerprint with them (in person or by
    /// phone); a key counts toward four-eyes only once vouched.
    Vouch {
        name: String,
        #[arg(long)]
        fingerprint: String,
    },
    /// Administrators: a lost computer's key stops counting; its officer joins again.
    RevokeKey { key_id: String },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Officer,
    Auditor,
    Admin,
}

#[derive(Subcommand)]
pub enum UnsentCommand {
    /// Look for it among its flow's newest sessions; send it again only if it is not there.
    Resend {
        /// The subject id `list` shows for it.
        subject_id: String,
        #[arg(long)]
        account: String,
    },
    /// Forget it (nothing is sent).
    Discard {
        subject_id: String,
        #[arg(long)]
        account: String,
    },
}

#[derive(Subcommand)]
pub enum AccountCommand {
    /// Add an account; the API key is read from standard input into the OS keychain.
    Add(AddAccountArgs),
    /// The accounts (never their keys).
    List {
        #[arg(long)]
        json: bool,
    },
    /// Log in and show who answered: the company name, shortcode and waiting time.
    Test { name: String },
    /// Set IDnow's public key (a PEM file) that verifies the account's result XML; from
    /// then on an archive whose signature is missing or wrong is refused.
    SetSigningKey { name: String, file: PathBuf },
    /// Raise the largest answer (a list, an archive, a signed PDF) the account accepts, in
    /// MiB; `default` goes back to IdentDesk's limits.
    SetAnswerLimit { name: String, mib: String },
    /// How long personal data is kept: days after the final result, and days after creation
    /// for an identification that never finished.
    SetRetention {
        name: String,
        #[arg(long)]
        r#final: Option<u32>,
        #[arg(long)]
        unfinished: Option<u32>,
    },
}

#[derive(Subcommand)]
pub enum EsignCommand {
    /// The account's document definitions.
    Definitions {
        #[arg(long)]
        account: String,
        #[arg(long)]
        json: bool,
    },
    /// Upload a PDF as an identification's document.
    Upload {
        #[arg(long)]
        account: String,
        transaction_number: String,
        identifier: String,
        file: PathBuf,
    },
    /// Download a signed document (PDF) into the cache and write it to OUTPUT.
    Signed {
        #[arg(long)]
        account: String,
        transaction_number: String,
        identifier: String,
        output: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum ExportCommand {
    /// The list as CSV (no personal data unless asked).
    Csv {
        output: PathBuf,
        #[arg(long)]
        with_personal_data: bool,
        #[command(flatten)]
        filters: ListFilters,
    },
    /// A PDF summary of one identification.
    Pdf {
        transaction_number: String,
        output: PathBuf,
        #[arg(long)]
        account: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Check that no entry was changed or removed.
    Verify,
    /// The newest entries (the team's trail in a team workspace).
    Show {
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// This machine's own trail, also in a team workspace.
        #[arg(long)]
        local: bool,
    },
}

#[derive(Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filters: ListFilters,
    #[arg(long, default_value_t = 200)]
    pub limit: u32,
    #[arg(long)]
    pub json: bool,
}

/// The list's filters, as the window's filter bar has them (one `ListQuery` for both).
#[derive(Args)]
pub struct ListFilters {
    /// Account name or id.
    #[arg(long)]
    pub account: Option<String>,
    /// Where it stands: outbox, waiting, preliminary or final.
    #[arg(long, value_parser = stage)]
    pub stage: Option<IdentificationStage>,
    /// Only this result, as IDnow writes it: SUCCESS, FRAUD_SUSPICION_CONFIRMED, …
    #[arg(long, value_parser = result_code)]
    pub result: Option<ResultCode>,
    /// Created on or after this day (YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<String>,
    /// Created on or before this day (YYYY-MM-DD).
    #[arg(long)]
    pub to: Option<String>,
    /// Team: only decisions a colleague proposed that you may confirm.
    #[arg(long)]
    pub waiting_for_me: bool,
    /// Words to find: name, transaction number, Ident-ID, e-mail, custom fields.
    #[arg(long)]
    pub search: Option<String>,
}

fn stage(text: &str) -> Result<IdentificationStage, String> {
    IdentificationStage::parse(text).ok_or_else(|| {
        let names: Vec<&str> = IdentificationStage::ALL
            .iter()
            .map(|s| s.as_str())
            .collect();
        format!("give one of {}", names.join(", "))
    })
}

fn result_code(text: &str) -> Result<ResultCode, String> {
    ResultCode::known(text).ok_or_else(|| {
        let codes: Vec<String> = ResultCode::ALL.iter().filter_map(|c| c.wire()).collect();
        format!(
            "give a result code as IDnow writes it: {}",
            codes.join(", ")
        )
    })
}

#[derive(Args)]
pub struct AddAccountArgs {
    #[arg(long)]
    pub name: String,
    /// Which IDnow API: the classic gateway (the default) or the Trust Platform.
    #[arg(long, value_enum, default_value = "classic")]
    pub kind: KindArg,
    /// Classic: the company id IDnow gave you.
    #[arg(long, required_if_eq("kind", "classic"))]
    pub company_id: Option<String>,
    /// Classic: de-live, de-test, ch-live or sandbox. Trust Platform: staging or live (the
    /// API client's), or sandbox for the built-in one.
    #[arg(long, conflicts_with = "gateway_url")]
    pub environment: Option<String>,
    /// Classic: a white-label (or self-run sandbox) gateway's base URL.
    #[arg(long)]
    pub gateway_url: Option<String>,
    /// Classic: the user front end's base URL, if not the gateway's.
    #[arg(long, requires = "gateway_url")]
    pub go_url: Option<String>,
    /// Classic: the test robots' base URL, if not the gateway's. Trust Platform: the API's
    /// base URL with its version (IDnow's EU production API when left out).
    #[arg(long)]
    pub api_url: Option<String>,
    /// Trust Platform: the OAuth token endpoint (IDnow's EU production one when left out).
    #[arg(long)]
    pub token_url: Option<String>,
    /// Classic: read the API key from standard input.
    #[arg(long)]
    pub api_key_stdin: bool,
    /// Trust Platform: the API client's id.
    #[arg(long)]
    pub client_id: Option<String>,
    /// Trust Platform: read the client secret from standard input.
    #[arg(long)]
    pub client_secret_stdin: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Classic,
    TrustPlatform,
}

/// A classic account's environment, as typed.
#[derive(Clone, Copy, ValueEnum)]
pub enum EnvironmentArg {
    DeLive,
    DeTest,
    ChLive,
    Sandbox,
}

impl From<EnvironmentArg> for Environment {
    fn from(arg: EnvironmentArg) -> Self {
        match arg {
            EnvironmentArg::DeLive => Environment::DeLive,
            EnvironmentArg::DeTest => Environment::DeTest,
            EnvironmentArg::ChLive => Environment::ChLive,
            EnvironmentArg::Sandbox => Environment::Sandbox,
        }
    }
}

#[derive(Args)]
pub struct CreateArgs {
    /// Account name or id.
    #[arg(long)]
    pub account: String,
    /// Left out, a UUID v4 is generated.
    #[arg(long)]
    pub transaction_number: Option<String>,
    #[arg(long)]
    pub firstname: Option<String>,
    #[arg(long)]
    pub lastname: Option<String>,
    /// YYYY-MM-DD.
    #[arg(long)]
    pub birthday: Option<String>,
    #[arg(long)]
    pub birthplace: Option<String>,
    #[arg(long)]
    pub birthname: Option<String>,
    #[arg(long)]
    pub title: Option<String>,
    /// MALE or FEMALE.
    #[arg(long)]
    pub gender: Option<String>,
    /// ISO 3166-1 alpha-2, e.g. DE.
    #[arg(long)]
    pub nationality: Option<String>,
    #[arg(long)]
    pub street: Option<String>,
    #[arg(long)]
    pub streetnumber: Option<String>,
    #[arg(long)]
    pub zipcode: Option<String>,
    #[arg(long)]
    pub city: Option<String>,
    /// ISO 3166-1 alpha-2, e.g. DE.
    #[arg(long)]
    pub country: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
    /// E.164, e.g. +4915112345678.
    #[arg(long)]
    pub mobilephone: Option<String>,
    #[arg(long)]
    pub custom1: Option<String>,
    #[arg(long)]
    pub custom2: Option<String>,
    #[arg(long)]
    pub custom3: Option<String>,
    #[arg(long)]
    pub custom4: Option<String>,
    #[arg(long)]
    pub custom5: Option<String>,
    #[arg(long)]
    pub trackingid: Option<String>,
    /// ISO 639-1, e.g. de.
    #[arg(long)]
    pub preferred_lang: Option<String>,
    /// A pre-defined answer: KEY=VALUE, optionally typed KEY=VALUE:int (or :text, :bool,
    /// :date, :country). Repeat for several questions.
    #[arg(long = "question", value_name = "KEY=VALUE[:TYPE]")]
    pub questions: Vec<String>,
    /// Trust Platform: the flow (id, or name as `flows` lists it) the session runs.
    #[arg(long)]
    pub flow: Option<String>,
    /// Trust Platform, `basicIdentity`: the given name.
    #[arg(long)]
    pub given_name: Option<String>,
    /// Trust Platform, `basicIdentity`: the family name.
    #[arg(long)]
    pub family_name: Option<String>,
    /// Trust Platform, `basicIdentity`: YYYY-MM-DD.
    #[arg(long)]
    pub birth_date: Option<String>,
    /// Trust Platform: another input block's field, BLOCK.FIELD=VALUE (e.g.
    /// documentData.documentNumber=T22000129). Repeat for several.
    #[arg(long = "input", value_name = "BLOCK.FIELD=VALUE")]
    pub inputs: Vec<String>,
    /// Trust Platform: the company's reference for the person (no personal data); random
    /// when left out.
    #[arg(long)]
    pub subject_id: Option<String>,
    /// Trust Platform: where the Player sends the person at the end.
    #[arg(long)]
    pub redirect_url: Option<String>,
    /// Trust Platform: echoed in the redirect.
    #[arg(long)]
    pub state: Option<String>,
    /// Trust Platform: the Player's language (e.g. de).
    #[arg(long)]
    pub locale: Option<String>,
    #[arg(long)]
    pub json: bool,
}

impl CreateArgs {
    /// The session to create for `flow_id` on `account_id`, as typed.
    pub fn session(
        &self,
        account_id: String,
        flow_id: String,
    ) -> identdesk_core::Result<identdesk_core::NewSessionInput> {
        let mut blocks: Vec<identdesk_core::InputBlock> = Vec::new();
        for spec in &self.inputs {
            let parsed = spec
                .split_once('=')
                .and_then(|(path, value)| path.split_once('.').map(|(b, f)| (b, f, value)));
            let Some((block, field, value)) = parsed else {
                return Err(identdesk_core::Error::invalid(
                    "input",
                    format!("{spec:?} is not BLOCK.FIELD=VALUE."),
                ));
            };
            let pair = identdesk_core::KeyValue {
                key: field.to_owned(),
                value: value.to_owned(),
            };
            match blocks.iter_mut().find(|b| b.block_type == block) {
                Some(existing) => existing.fields.push(pair),
                None => blocks.push(identdesk_core::InputBlock {
                    block_type: block.to_owned(),
                    fields: vec![pair],
                }),
            }
        }
        Ok(identdesk_core::NewSessionInput {
            account_id,
            flow_id,
            given_name: self.given_name.clone(),
            family_name: self.family_name.clone(),
            birth_date: self.birth_date.clone(),
            other_blocks: blocks,
            subject_id: self.subject_id.clone(),
            locale: self.locale.clone(),
            redirect_url: self.redirect_url.clone(),
            state: self.state.clone(),
        })
    }

    /// The person's data as typed.
    pub fn person(&self) -> IdentificationRequest {
        IdentificationRequest {
            firstname: self.firstname.clone(),
            lastname: self.lastname.clone(),
            birthday: self.birthday.clone(),
            birthplace: self.birthplace.clone(),
            birthname: self.birthname.clone(),
            title: self.title.clone(),
            gender: self.gender.clone(),
            nationality: self.nationality.clone(),
            street: self.street.clone(),
            streetnumber: self.streetnumber.clone(),
            zipcode: self.zipcode.clone(),
            city: self.city.clone(),
            country: self.country.clone(),
            email: self.email.clone(),
            mobilephone: self.mobilephone.clone(),
            custom1: self.custom1.clone(),
            custom2: self.custom2.clone(),
            custom3: self.custom3.clone(),
            custom4: self.custom4.clone(),
            custom5: self.custom5.clone(),
            trackingid: self.trackingid.clone(),
            preferred_lang: self.preferred_lang.clone(),
            ..IdentificationRequest::default()
        }
    }

    /// The `--question` answers, each with its kind (the core checks the values).
    pub fn answers(&self) -> identdesk_core::Result<Vec<TypedAnswer>> {
        self.questions
            .iter()
            .map(|spec| parse_question(spec))
            .collect()
    }
}

/// `KEY=VALUE[:KIND]` → the typed answer; KIND is one of the question kinds (`text`,
/// `integer`/`int`, `yesno`/`bool`, `date`, `country`), text when left out.
fn parse_question(spec: &str) -> identdesk_core::Result<TypedAnswer> {
    let (key, rest) = spec.split_once('=').ok_or_else(|| {
        identdesk_core::Error::invalid("question", format!("{spec:?} is not KEY=VALUE[:KIND]."))
    })?;
    let (value, kind) = match rest.rsplit_once(':') {
        Some((value, kind)) => match QuestionKind::from_name(kind) {
            Some(kind) => (value, kind),
            None => (rest, QuestionKind::Text),
        },
        None => (rest, QuestionKind::Text),
    };
    Ok(TypedAnswer {
        key: key.to_owned(),
        kind,
        value: value.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_parse_with_their_kinds() {
        let parsed = |s: &str| parse_question(s).map(|a| (a.key, a.kind, a.value)).ok();
        assert_eq!(
            parsed("income=3000:int"),
            Some(("income".into(), QuestionKind::Integer, "3000".into()))
        );
        assert_eq!(
            parsed("pep=yes:bool"),
            Some(("pep".into(), QuestionKind::YesNo, "yes".into()))
        );
        assert_eq!(
            parsed("since=2020-01-01:date"),
            Some(("since".into(), QuestionKind::Date, "2020-01-01".into()))
        );
        assert_eq!(
            parsed("note=a:b"),
            Some(("note".into(), QuestionKind::Text, "a:b".into())),
            "an unknown kind is part of the text"
        );
        assert!(parse_question("no-equals").is_err());
    }
}
