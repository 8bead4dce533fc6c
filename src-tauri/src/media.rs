//! Files from the result archive for the window's viewer, as `data:` URLs: images and
//! audio play inside the page without a file on disk or a custom protocol.

use base64::Engine;
use identdesk_core::{Core, ErrorPayload, IdentificationRef};

pub async fn data_url(
    core: &Core,
    ident: &IdentificationRef,
    name: &str,
) -> Result<String, ErrorPayload> {
    let (media_type, bytes) = core.files().attachment(ident, name).await?;
    let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
    Ok(format!("data:{media_type};base64,{encoded}"))
}
