// Every command the window may call, declared once (see `ipc_commands!` in
// `command_macro.rs` for an entry's form). Included by `commands.rs`, which makes the
// commands, and by `build.rs`, which makes their permissions and the window's capability.

ipc_commands! {
    /// How start-up went (shown as a banner), including a failed integrity check.
    #[reads(Status)]
    fn app_status(ctx) -> AppStatus = ctx.status();

    /// Waits for window data the core changes on its own (a background sync, a purge, a
    /// colleague's decision) after the position `seen` (without it: at once the position to
    /// ask after), at most `LONGEST_WAIT`: what to refetch, and the position to ask after next.
    fn next_data_changes(ctx, seen: Option<u32>) -> DataChanges =
        DataChanges::from(ctx.data_changes().next_after(seen, crate::events::LONGEST_WAIT).await);

    /// Waits for files dropped on the window after the position `seen` (without it: at once
    /// the position to ask after), at most `LONGEST_WAIT`: their handles, never their paths.
    fn next_dropped_files(ctx, seen: Option<u32>) -> DroppedFiles =
        DroppedFiles::from(ctx.dropped_files().next_after(seen, crate::events::LONGEST_WAIT).await);

    /// The open dialog (in Rust): a handle to the chosen file, never its path.
    fn choose_file(ctx, kind: FileKind) -> Option<FileHandle> =
        crate::files::choose_to_read(ctx.app(), ctx.files(), kind).await;

    /// The save dialog (in Rust): a handle to the chosen file.
    fn choose_save_file(ctx, kind: FileKind, suggested_name: String) -> Option<FileHandle> =
        crate::files::choose_to_write(ctx.app(), ctx.files(), kind, &suggested_name).await;

    /// Shows a chosen (or saved) file in the system's file manager.
    fn reveal_file(ctx, file: String) -> () = crate::files::reveal(ctx.files(), &file)?;

    /// Opens the data folder's log files in the system's file manager.
    fn show_logs_folder(ctx) -> () = crate::startup::show_logs_folder(ctx.app(), ctx.state())?;

    /// Remembers the window's language and colour scheme: the page served at the next start
    /// (with the list's first rows in it) is drawn in them.
    fn remember_appearance(ctx, appearance: Appearance) -> () =
        ctx.core()?.window().remember_appearance(&appearance)?;

    #[reads(Accounts)]
    fn list_accounts(ctx) -> Vec<Account> = ctx.core()?.accounts().list().await?;

    #[writes(Accounts, Audit)]
    fn add_account(ctx, account: NewAccount) -> Account =
        ctx.core()?.accounts().add(account).await?;

    /// Adds a Trust Platform account (its client secret goes to the keychain).
    #[writes(Accounts, Audit)]
    fn add_platform_account(ctx, account: NewPlatformAccount) -> Account =
        ctx.core()?.accounts().add_platform(account).await?;

    fn test_connection(ctx, account_id: String) -> ConnectionCheck =
        ctx.core()?.accounts().test_connection(&account_id).await?;

    #[writes(Accounts, Audit)]
    fn set_retention_days(ctx, account_id: String, days: u32) -> Account =
        ctx.core()?.accounts().set_retention_days(&account_id, days).await?;

    /// Days after creation an identification that never finished keeps its data.
    #[writes(Accounts, Audit)]
    fn set_unfinished_retention_days(ctx, account_id: String, days: u32) -> Account =
        ctx.core()?.accounts().set_unfinished_retention_days(&account_id, days).await?;

    /// Raises (or resets) the largest answer the account accepts, in MiB.
    #[writes(Accounts, Audit)]
    fn set_answer_limit(ctx, account_id: String, mib: Option<u32>) -> Account =
        ctx.core()?.accounts().set_answer_limit(&account_id, mib).await?;

    /// Sets IDnow's public key (PEM) that verifies the account's result XML.
    #[writes(Accounts, Audit)]
    fn set_signing_key(ctx, account_id: String, pem: String) -> () =
        ctx.core()?.accounts().set_result_signing_key(&account_id, &pem).await?;

    /// Every field IDnow would refuse, as the officer types (the rules live in Rust only).
    fn check_identification(ctx, identification: NewIdentification) -> Vec<FieldError> =
        ctx.core()?.identifications().check_identification(&identification.into());

    #[writes(Identifications, Audit)]
    fn create_identification(ctx, identification: NewIdentification) -> CreatedIdentification =
        ctx.core()?.identifications().create_identification(identification.into()).await?;

    #[writes(Audit)]
    fn start_test_robots(ctx, identification: IdentificationRef) -> () =
        ctx.core()?.identifications().start_test_robots(&identification).await?;

    #[reads(Identifications)]
    fn list_identifications(ctx, query: ListQuery) -> ListPage =
        ctx.core()?.identifications().list(&query).await?;

    /// The overview's figures for a period and one or all accounts.
    #[reads(Identifications, Esign)]
    fn overview(ctx, request: OverviewRequest) -> Overview =
        ctx.core()?.overview().figures(&request.into_query()?).await?;

    /// Writes the overview's figures as CSV to the file the officer chose; the rows.
    #[writes(Audit)]
    fn export_overview_csv(ctx, request: OverviewRequest, output: String) -> u32 = ctx
        .core()?.overview().export_csv(&request.into_query()?, &ctx.files().to_write(&output)?)
        .await?;

    /// Writes a chart the window drew as PNG to the file the officer chose.
    #[writes(Audit)]
    fn export_chart_png(ctx, png: Vec<u8>, output: String) -> () = ctx
        .core()?.overview().export_chart(&png, &ctx.files().to_write(&output)?)
        .await?;

    #[reads(Identifications)]
    fn identification_detail(ctx, identification: IdentificationRef) -> IdentificationDetail =
        ctx.core()?.identifications().detail(&identification).await?;

    /// Sends unsent creations, syncs every account, purges what retention says is due.
    #[writes(Identifications, Decisions, Archive, Esign, Sync, Audit, Team)]
    fn sync_now(ctx, on_progress: Channel<SyncProgress>) -> SyncSummary = ctx
        .core()?.sync().all(&|p| drop(on_progress.send(p.into_ipc())), &CancellationToken::new())
        .await?;

    /// Stops the sync under way; what it stored stays.
    fn cancel_sync(ctx) -> () = ctx.core()?.sync().cancel();

    #[reads(Sync)]
    fn last_sync(ctx) -> Option<String> = ctx.core()?.sync().last().await?;

    #[reads(Esign)]
    fn esign_definitions(ctx, account_id: String) -> Vec<DefinitionView> =
        ctx.core()?.files().esign_definitions(&account_id).await?;

    #[reads(Esign)]
    fn esign_documents(ctx, identification: IdentificationRef) -> Vec<EsignDocumentView> =
        ctx.core()?.files().esign_documents(&identification).await?;

    #[writes(Esign, Audit)]
    fn upload_esign_document(
        ctx,
        identification: IdentificationRef,
        identifier: String,
        file: String,
        on_progress: Channel<Progress>,
    ) -> EsignDocumentView = ctx
        .core()?.files().upload_esign_document(
            &identification,
            &identifier,
            &ctx.files().to_read(&file)?,
            Some(Arc::new(move |done, total| drop(on_progress.send(Progress::of(done, total))))),
        )
        .await?;

    /// Fetches the signed document into the cache and writes it to `output`; its size.
    #[writes(Esign, Audit)]
    fn fetch_signed_document(
        ctx,
        identification: IdentificationRef,
        identifier: String,
        output: String,
    ) -> f64 = ctx
        .core()?.files().fetch_signed_document(&identification, &identifier, Some(&ctx.files().to_write(&output)?))
        .await?;

    /// Fetches the result archive into the cache (and, with `output`, writes the ZIP there).
    #[writes(Archive, Audit)]
    fn fetch_archive(
        ctx,
        identification: IdentificationRef,
        output: Option<String>,
    ) -> ArchiveReport = ctx
        .core()?.files().fetch_archive(
            &identification,
            output.map(|id| ctx.files().to_write(&id)).transpose()?.as_deref(),
        )
        .await?;

    #[reads(Archive)]
    fn attachments(ctx, identification: IdentificationRef) -> Vec<AttachmentInfo> =
        ctx.core()?.files().attachments(&identification).await?;

    /// A Trust Platform account's flows (the last list when IDnow cannot be reached).
    #[reads(Accounts)]
    fn list_flows(ctx, account_id: String) -> Vec<FlowSummary> =
        ctx.core()?.sessions().flows(&account_id).await?;

    /// Every problem with a new session's input, as the officer types.
    fn check_session(ctx, session: NewSessionInput) -> Vec<FieldError> =
        ctx.core()?.sessions().check(&session);

    #[writes(Identifications, Audit)]
    fn create_session(ctx, session: NewSessionInput) -> CreatedSession =
        ctx.core()?.sessions().create(session).await?;

    /// A session whose creation got no answer: found at IDnow, or sent again.
    #[writes(Identifications, Audit)]
    fn resend_session(ctx, account_id: String, subject_id: String) -> CreatedSession =
        ctx.core()?.sessions().resend(&account_id, &subject_id).await?;

    /// A session whose creation got no answer, forgotten (nothing is sent).
    #[writes(Identifications, Audit)]
    fn discard_session(ctx, account_id: String, subject_id: String) -> () =
        ctx.core()?.sessions().discard(&account_id, &subject_id).await?;

    /// Plays a sandbox account's session to an outcome in its built-in sandbox (the Player's part).
    #[writes(Audit)]
    fn play_sandbox_session(ctx, session: IdentificationRef, play: SandboxPlay) -> () =
        ctx.core()?.sessions().play_in_sandbox(&session, play).await?;

    /// A Trust Platform session with its data blocks and files.
    #[reads(Identifications, Archive)]
    fn session_detail(ctx, session: IdentificationRef) -> SessionDetail =
        ctx.core()?.sessions().detail(&session).await?;

    /// Fetches one of a session's vault files into the cache (once).
    #[writes(Archive, Audit)]
    fn fetch_session_file(ctx, session: IdentificationRef, vault_id: String) -> AttachmentInfo =
        ctx.core()?.sessions().file(&session, &vault_id).await?;

    /// Opens a stored file in the OS's viewer, from an owner-only copy deleted when IdentDesk closes.
    #[writes(Audit)]
    fn open_in_viewer(ctx, identification: IdentificationRef, name: String) -> () =
        crate::files::open_in_viewer(ctx.app(), ctx.core()?, &identification, &name).await?;

    /// One stored file as a `data:` URL for the image and audio viewer (the CSP allows them).
    #[reads(Archive)]
    fn attachment_data_url(ctx, identification: IdentificationRef, name: String) -> String =
        crate::media::data_url(ctx.core()?, &identification, &name).await?;

    /// Accepts or rejects the final result `seen_result` as the officer running IdentDesk.
    #[writes(Decisions, Identifications, Audit)]
    fn record_decision(
        ctx,
        identification: IdentificationRef,
        decision: Decision,
        note: String,
        seen_result: String,
    ) -> Acceptance = ctx
        .core()?.decisions().record(&identification, decision, &note, &seen_result)
        .await?;

    /// The decision panel: solo or team, who acts, the decision, whether it may be confirmed.
    #[reads(Decisions)]
    fn decision_panel(ctx, identification: IdentificationRef) -> DecisionPanel =
        ctx.core()?.decisions().panel(&identification).await?;

    /// Team: confirms a colleague's proposal (with the result IDnow has now).
    #[writes(Decisions, Identifications, Audit)]
    fn confirm_decision(ctx, identification: IdentificationRef) -> Acceptance =
        ctx.core()?.decisions().confirm(&identification).await?;

    #[reads(Team)]
    fn team_status(ctx) -> TeamStatus = ctx.core()?.team().status().await?;

    /// Joins this data folder to a team workspace (the password goes to the keychain).
    #[writes(Team, Status, Accounts, Identifications, Decisions, Templates, Audit)]
    fn join_team(ctx, join: JoinTeam) -> TeamStatus =
        ctx.core()?.team().join(identdesk_core::JoinTeam::from_form(
                join.clone(),
                join.ca_file.map(|id| ctx.files().to_read(&id)).transpose()?.as_deref(),
            )?)
            .await?;

    /// A new officer's access request: the line to hand the administrator, with the SCRAM
    /// verifier of the password they chose (the password never leaves this computer).
    fn request_team_access(ctx, server: String, officer: String, password: String) -> String = {
        let _ = ctx;
        identdesk_core::team_access_request(&server, &officer, &password)?
    };

    /// Every officer's key as the team's trail registered it, with its fingerprint.
    #[reads(Team)]
    fn team_keys(ctx) -> Vec<TeamKey> = ctx.core()?.team().keys().await?;

    /// Vouches for a colleague's key after comparing its fingerprint with them.
    #[writes(Team, Decisions, Identifications, Audit)]
    fn vouch_team_key(ctx, officer: String, fingerprint: String) -> TeamKey =
        ctx.core()?.team().vouch_key(&officer, &fingerprint).await?;

    /// Leaves the team workspace; the local cache stays.
    #[writes(Team, Status, Accounts, Identifications, Decisions, Templates, Audit)]
    fn leave_team(ctx) -> () = ctx.core()?.team().leave().await?;

    /// Team administrators: puts a local account into the team's registry.
    #[writes(Team, Accounts, Audit)]
    fn register_team_account(ctx, account_id: String) -> () =
        ctx.core()?.team().register_account(&account_id).await?;

    #[writes(Identifications, Decisions, Esign, Archive, Audit)]
    fn delete_at_idnow(ctx, identification: IdentificationRef) -> () =
        ctx.core()?.identifications().delete_at_idnow(&identification).await?;

    /// Writes the list (all pages) as CSV to `output`; the number of rows.
    #[writes(Audit)]
    fn export_csv(ctx, query: ListQuery, with_personal_data: bool, output: String) -> u32 = ctx
        .core()?.files().export_csv(&query, with_personal_data, &ctx.files().to_write(&output)?)
        .await?;

    #[writes(Audit)]
    fn export_summary_pdf(ctx, identification: IdentificationRef, output: String) -> () = ctx
        .core()?.files().export_summary_pdf(&identification, &ctx.files().to_write(&output)?)
        .await?;

    /// One page of the file's rows, checked, and the counts over all of them.
    fn bulk_preview(ctx, account_id: String, file: String, offset: u32, limit: u32) -> BulkPreview = ctx
        .core()?.identifications().bulk_preview(&account_id, &ctx.files().to_read(&file)?, offset as usize, limit as usize)
        .await?;

    #[writes(Identifications, Audit)]
    fn bulk_create(
        ctx,
        account_id: String,
        file: String,
        on_progress: Channel<Progress>,
    ) -> BulkReport = ctx
        .core()?.identifications().bulk_create(&account_id, &ctx.files().to_read(&file)?, &|done, total| {
            drop(on_progress.send(Progress::of(done as u64, total as u64)))
        })
        .await?;

    #[reads(Audit)]
    fn verify_audit(ctx) -> AuditVerification = ctx.core()?.audit().verify().await?;

    #[reads(Audit)]
    fn audit_log(ctx, limit: u32, offset: u32) -> Vec<AuditEntry> =
        ctx.core()?.audit().log(limit, offset).await?;

    #[reads(Templates)]
    fn answer_templates(ctx, account_id: String) -> Vec<AnswerTemplate> =
        ctx.core()?.identifications().answer_templates(&account_id).await?;

    #[writes(Templates, Audit)]
    fn save_answer_template(
        ctx,
        account_id: String,
        name: String,
        answers: Vec<TypedAnswer>,
    ) -> AnswerTemplate = ctx
        .core()?.identifications().save_answer_template(&account_id, &name, answers)
        .await?;

    #[writes(Templates, Audit)]
    fn delete_answer_template(ctx, id: String) -> () =
        ctx.core()?.identifications().delete_answer_template(&id).await?;

    /// Purges what retention says is due (or, with `dry_run`, lists it).
    #[reads(Identifications)]
    #[writes(Identifications, Decisions, Esign, Archive, Audit)]
    fn purge_expired(ctx, dry_run: bool) -> PurgeReport =
        ctx.core()?.retention().purge_expired(dry_run).await?;
}
