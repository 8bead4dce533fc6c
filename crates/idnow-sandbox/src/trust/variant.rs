//! Which of IDnow's documented builds the sandbox's Trust Platform answers like
//! (`docs/idnow-trust-platform-contract.md` §9), so tests cover each shape a client must read.
//! Both path prefixes (`/api/v1/…` and `/v1/…`) are served whatever the variant.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TrustVariant {
    /// The newest pages (DEV1, BRAND): UUID ids, `dataBlocks` with enveloped items
    /// (`createdBy`, `content`), `lastStep {stepId, stepDescription, verdict}`, outcomes in
    /// lower case, `expiresAt` null.
    #[default]
    Current,
    /// The older sandbox and infrastructure pages (SBX, INFRA): ids that are not UUIDs
    /// (`sess_…`), `datablocks` with flat PascalCase items (`createdByStep`), `lastStep
    /// {stepName, stepType, verdict}` with `START`/`END`, outcomes in capitals, `expiresAt`
    /// 24 h after creation.
    Early,
}
