//! Actions on an identification at IDnow: start the test robots (test environment and
//! sandbox), delete it (final: the local copy is purged too), copy it to another company.

use idnow::{CopyTarget, TransactionNumber};

use crate::error::{Error, Result};
use crate::identifications::IdentificationRef;
use crate::identifications::IdentificationService;
use crate::journal;
use crate::retention::{PurgeReason, purge_identification};

impl IdentificationService<'_> {
    /// Plays the robot person and agent (contract §8): the scenario comes from the
    /// `X-AUTOTEST-…` marker sent with the identification.
    pub async fn start_test_robots(self, ident: &IdentificationRef) -> Result<()> {
        let crate::context::gateways::AtIdnow {
            account,
            txn,
            source,
        } = self
            .cx
            .at_idnow(&ident.account_id, &ident.transaction_number)
            .await?;
        if !account.has_test_robots {
            return Err(Error::invalid(
                "account",
                "Test robots exist only on the test environment and the sandbox; this account is live.",
            ));
        }
        source.start_robots(&txn).await?;
        let stamp = self.cx.stamp();
        self.cx
            .store
            .write(|tx| journal::record(tx, &stamp, "identification.robots.started", txn.as_str()))
    }

    /// Deletes the identification at IDnow (final and irreversible), then purges its
    /// personal data here. The caller has confirmed with the officer.
    pub async fn delete_at_idnow(self, ident: &IdentificationRef) -> Result<()> {
        let crate::context::gateways::AtIdnow {
            account,
            txn,
            source,
        } = self
            .cx
            .at_idnow(&ident.account_id, &ident.transaction_number)
            .await?;
        match source.delete_identification(&txn).await {
            // Gone already (deleted elsewhere, or a retried delete): the goal is reached.
            Ok(()) | Err(idnow::Error::Api { status: 404, .. }) => {}
            Err(err) => return Err(err.into()),
        }
        let stamp = self.cx.stamp();
        self.cx.store.write(|tx| {
            journal::record(tx, &stamp, "identification.deleted", txn.as_str())?;
            purge_identification(tx, &account.id, txn.as_str(), PurgeReason::Deleted, &stamp)
        })
    }

    /// Copies the identification to another company at IDnow; returns the copy's Ident-ID.
    pub async fn copy_to_company(
        self,
        ident: &IdentificationRef,
        target_company: &str,
        target_transaction_number: Option<&str>,
    ) -> Result<String> {
        let crate::context::gateways::AtIdnow { txn, source, .. } = self
            .cx
            .at_idnow(&ident.account_id, &ident.transaction_number)
            .await?;
        if let Some(target) = target_transaction_number {
            TransactionNumber::parse(target)?;
        }
        let target = CopyTarget {
            target_companyid: target_company.to_owned(),
            target_transactionnumber: target_transaction_number.map(str::to_owned),
        };
        let ident_id = source.copy_identification(&txn, &target).await?;
        let stamp = self.cx.stamp();
        let detail = format!("to {target_company}");
        self.cx.store.write(|tx| {
            journal::record_detail(
                tx,
                &stamp,
                "identification.copied",
                txn.as_str(),
                Some(&detail),
            )
        })?;
        Ok(ident_id)
    }
}
