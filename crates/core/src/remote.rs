//! Actions on an identification at IDnow: start the test robots (test environment and
//! sandbox), delete it (final: the local copy is purged too), copy it to another company.

use idnow::{CopyTarget, TransactionNumber};

use crate::audit;
use crate::core::Core;
use crate::error::{Error, Result};
use crate::purge::{PurgeReason, purge_identification};

impl Core {
    /// Plays the robot person and agent (contract §8): the scenario comes from the
    /// `X-AUTOTEST-…` marker sent with the identification.
    pub async fn start_test_robots(&self, account: &str, txn: &str) -> Result<()> {
        let account = self.account(account).await?;
        // White-label test hosts name their robot host explicitly.
        if !account.environment.has_test_robots() && account.api_url.is_none() {
            return Err(Error::invalid(
                "account",
                "Test robots exist only on the test environment and the sandbox; this account is live.",
            ));
        }
        let txn = TransactionNumber::parse(txn)?;
        let client = self.client(&account).await?;
        client.robot_start(&txn).await?;
        client.request_video_chat(&txn).await?;
        let now = self.clock.now_text();
        self.store
            .write(|tx| audit::record(tx, &now, "identification.robots.started", txn.as_str()))
    }

    /// Deletes the identification at IDnow (final and irreversible), then purges its
    /// personal data here. The caller has confirmed with the officer.
    pub async fn delete_at_idnow(&self, account: &str, txn: &str) -> Result<()> {
        let account = self.account(account).await?;
        let txn = TransactionNumber::parse(txn)?;
        let client = self.client(&account).await?;
        match client.delete_identification(&txn).await {
            // Gone already (deleted elsewhere, or a retried delete): the goal is reached.
            Ok(()) | Err(idnow::Error::Api { status: 404, .. }) => {}
            Err(err) => return Err(err.into()),
        }
        let now = self.clock.now_text();
        self.store.write(|tx| {
            audit::record(tx, &now, "identification.deleted", txn.as_str())?;
            purge_identification(tx, &account.id, txn.as_str(), PurgeReason::Deleted, &now)
        })
    }

    /// Copies the identification to another company at IDnow; returns the copy's Ident-ID.
    pub async fn copy_to_company(
        &self,
        account: &str,
        txn: &str,
        target_company: &str,
        target_transaction_number: Option<&str>,
    ) -> Result<String> {
        let account = self.account(account).await?;
        let txn = TransactionNumber::parse(txn)?;
        if let Some(target) = target_transaction_number {
            TransactionNumber::parse(target)?;
        }
        let client = self.client(&account).await?;
        let target = CopyTarget {
            target_companyid: target_company.to_owned(),
            target_transactionnumber: target_transaction_number.map(str::to_owned),
        };
        let ident_id = client.copy_identification(&txn, &target).await?;
        let now = self.clock.now_text();
        let detail = format!("to {target_company}");
        self.store.write(|tx| {
            audit::record_detail(
                tx,
                &now,
                "identification.copied",
                txn.as_str(),
                Some(&detail),
            )
        })?;
        Ok(ident_id)
    }
}
