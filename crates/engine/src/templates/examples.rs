//! Header examples uploaded for Meta's review with the account's own Meta app: the
//! resumable upload is addressed to the app (`POST /{app_id}/uploads`), so a live account
//! needs the app id from its settings.

use std::path::Path;

use parley_core::AgentId;

use super::TemplateError;
use crate::{Engine, EngineError};

impl Engine {
    /// Uploads a media header's example with the Meta app id of the account settings;
    /// the handle for `example.header_handle`. Without an app id nothing is read or sent.
    pub async fn upload_header_example(
        &self,
        actor: AgentId,
        path: &Path,
    ) -> Result<String, EngineError> {
        let Some(app_id) = self.shared.account.app_id.clone() else {
            return Err(TemplateError::AppIdMissing.into());
        };
        self.upload_template_media(actor, &app_id, path).await
    }
}
