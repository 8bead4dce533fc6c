//! Who acts: in a team workspace the database role the officer signed in as (the server
//! takes `session_user`; the app never sends a name); in solo mode the operating-system
//! account running IdentDesk, as the platform
//! reports it (`getpwuid_r` on Unix, `GetUserNameW` on Windows) — never an environment
//! variable such as `$USER`, which any caller sets. Every audit entry and every decision
//! carries it.

/// The OS account's login name, or a clear placeholder when the platform cannot tell.
pub fn os_account() -> String {
    whoami::username()
        .ok()
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "unknown-os-account".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_os_account_comes_from_the_platform_not_from_user() {
        let real = os_account();
        // A child process with a forged $USER still reports the real account.
        let forged = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "context::identity::tests::print_os_account",
                "--nocapture",
            ])
            .env("USER", "forged-officer")
            .env("USERNAME", "forged-officer")
            .env("IDENTDESK_PRINT_OS_ACCOUNT", "1")
            .output()
            .unwrap();
        let printed = String::from_utf8_lossy(&forged.stdout);
        assert!(printed.contains(&format!("os-account={real}")), "{printed}");
        assert!(!printed.contains("forged-officer"), "{printed}");
    }

    #[test]
    #[allow(clippy::print_stdout, reason = "the parent test reads it")]
    fn print_os_account() {
        if std::env::var_os("IDENTDESK_PRINT_OS_ACCOUNT").is_some() {
            println!("os-account={}", os_account());
        }
    }
}
