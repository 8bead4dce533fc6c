//! Accounts as officers name them on the command line: by name, or by id.

use identdesk_core::{Core, Result};

/// The id of the account the officer named (by name, or by id).
pub(crate) async fn account_id(core: &Core, name_or_id: &str) -> Result<String> {
    match core.accounts().account_named(name_or_id).await {
        Ok(account) => Ok(account.id),
        Err(_) => Ok(core.accounts().account(name_or_id).await?.id),
    }
}
