//! `team-throwaway`: a throwaway team workspace for the end-to-end tests and
//! `cargo xtask team` — a PostgreSQL server on a free loopback port (initdb into a folder of
//! its own), the workspace set up with its first administrator `teamadmin` (password as the
//! officers'), officers added, accounts registered (classic, and Trust Platform). Prints one line of JSON (`server`,
//! `adminUrl`, `adminPassword`: the team administrator's) and runs until its standard input
//! closes; then the server stops and its folder goes.
//!
//! `team-throwaway [--parent DIR] [--password PW] [--officer NAME]... [--admin NAME]...
//!                 [--register NAME COMPANY GATEWAY_URL]
//!                 [--register-platform NAME CLIENT_ID API_URL]`

use std::io::{Read, Write};

use identdesk_team::testing::{InitAs, TEAM_ADMIN, Throwaway};
use identdesk_team::{Credential, NewOfficer, OfficerRole, TlsPolicy, Workspace};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut parent = std::env::temp_dir();
    let mut password = String::from("team-throwaway-password");
    let mut officers = Vec::new();
    let mut registers = Vec::new();
    let mut platforms = Vec::new();
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--parent" => parent = value()?.into(),
            "--password" => password = value()?,
            "--officer" => officers.push((value()?, OfficerRole::Officer)),
            "--admin" => officers.push((value()?, OfficerRole::Admin)),
            "--register" => registers.push((value()?, value()?, value()?)),
            "--register-platform" => platforms.push((value()?, value()?, value()?)),
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let server = Throwaway::start_in(&parent)?;
    let mut admin = server
        .init_workspace(InitAs::from_env(), &password)
        .await
        .map_err(|e| e.to_string())?;
    for (name, role) in officers {
        admin
            .add_officer(&NewOfficer {
                name,
                role,
                credential: Credential::Password(password.clone()),
            })
            .await?;
    }
    let as_admin = Workspace::new(
        server.target(TEAM_ADMIN),
        password.clone(),
        TlsPolicy::Loopback,
    );
    for (name, company, gateway) in registers {
        as_admin
            .register_account(&name, &company, "white-label", Some(&gateway))
            .await?;
    }
    for (name, client, api) in platforms {
        as_admin
            .register_platform_account(&name, &client, "white-label", Some(&api))
            .await?;
    }
    let target = server.target(TEAM_ADMIN);
    let line = serde_json::json!({
        "server": format!("{}:{}/{}", target.host, target.port, target.database),
        "adminUrl": target.url(),
        "adminPassword": password,
    });
    {
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "{line}")?;
        stdout.flush()?;
    }
    // Until whoever started it goes away.
    let mut sink = Vec::new();
    let _ = std::io::stdin().read_to_end(&mut sink);
    drop(server);
    Ok(())
}
