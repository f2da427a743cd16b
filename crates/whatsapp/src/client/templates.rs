//! Template management: create, edit, delete, and the resumable upload that turns a media
//! file into the handle a media header's example needs.

use parley_core::template::TemplateDefinition;

use super::{ApiError, CloudClient, decode, transport_error};
use crate::api::{
    CreatedTemplate, EditTemplateRequest, SuccessResponse, UploadSession, UploadedHandle,
};

impl CloudClient {
    /// `POST /{waba_id}/message_templates`: submits `template` for review.
    pub async fn create_template(
        &self,
        waba_id: &str,
        template: &TemplateDefinition,
    ) -> Result<CreatedTemplate, ApiError> {
        let response = self
            .http
            .post(self.url(&format!("{waba_id}/message_templates")))
            .bearer_auth(self.token.expose())
            .json(template)
            .send()
            .await
            .map_err(transport_error)?;
        decode(response).await
    }

    /// `POST /{template_id}`: replaces the category and components of a submitted
    /// template, which goes back to review.
    pub async fn edit_template(
        &self,
        template_id: &str,
        template: &TemplateDefinition,
    ) -> Result<(), ApiError> {
        let response = self
            .http
            .post(self.url(template_id))
            .bearer_auth(self.token.expose())
            .json(&EditTemplateRequest {
                category: template.category,
                components: &template.components,
            })
            .send()
            .await
            .map_err(transport_error)?;
        decode::<SuccessResponse>(response).await.map(drop)
    }

    /// `DELETE /{waba_id}/message_templates?name=...`: every language of `name`, or with
    /// `template_id` (Meta's `hsm_id`) only that one.
    pub async fn delete_template(
        &self,
        waba_id: &str,
        name: &str,
        template_id: Option<&str>,
    ) -> Result<(), ApiError> {
        let mut query = vec![("name", name)];
        if let Some(id) = template_id {
            query.push(("hsm_id", id));
        }
        let response = self
            .http
            .delete(self.url(&format!("{waba_id}/message_templates")))
            .query(&query)
            .bearer_auth(self.token.expose())
            .send()
            .await
            .map_err(transport_error)?;
        decode::<SuccessResponse>(response).await.map(drop)
    }

    /// Meta's resumable upload: opens a session on the app (`POST /{app_id}/uploads`),
    /// then posts the bytes into it. Returns the handle (`4::...`) for `header_handle`.
    pub async fn upload_template_media(
        &self,
        app_id: &str,
        bytes: Vec<u8>,
        mime: &str,
        file_name: &str,
    ) -> Result<String, ApiError> {
        let length = bytes.len().to_string();
        let response = self
            .http
            .post(self.url(&format!("{app_id}/uploads")))
            .query(&[
                ("file_name", file_name),
                ("file_length", length.as_str()),
                ("file_type", mime),
            ])
            .bearer_auth(self.token.expose())
            .send()
            .await
            .map_err(transport_error)?;
        let session: UploadSession = decode(response).await?;
        // The upload step authenticates with `OAuth`, not `Bearer`, as Meta documents it.
        let response = self
            .http
            .post(self.url(&session.id))
            .header(
                reqwest::header::AUTHORIZATION,
                format!("OAuth {}", self.token.expose()),
            )
            .header("file_offset", "0")
            .body(bytes)
            .send()
            .await
            .map_err(transport_error)?;
        decode::<UploadedHandle>(response).await.map(|h| h.h)
    }
}
