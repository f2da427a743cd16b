//! Turning what an agent wrote into a queued send: validate it against WhatsApp's rules,
//! check the 24-hour window, keep a copy of an attached file, build Meta's request.

use std::path::{Path, PathBuf};

use parley_core::agent::SentBy;
use parley_core::content::MessageContent;
use parley_core::media::{Media, MediaKind, check_upload, kind_for_mime, mime_for_extension};
use parley_core::message::{Direction, Message, Outgoing, outgoing_text};
use parley_core::window::ServiceWindow;
use parley_core::{ConversationId, MessageId};
use parley_store::{Outbound, OutboundFile, Quoting};
use parley_whatsapp::api::SendMessageRequest;
use rand::Rng;

use crate::events::Announcement;
use crate::{Engine, EngineError, now};

impl Engine {
    /// Queues a message to the conversation's customer; `reply_to` quotes one of its
    /// messages, `by` is who wrote it. Refused outside the 24-hour window: only a
    /// template may go then.
    pub async fn send(
        &self,
        conversation_id: ConversationId,
        outgoing: Outgoing,
        reply_to: Option<MessageId>,
        by: SentBy,
    ) -> Result<Message, EngineError> {
        let store = &self.shared.store;
        let conversation = store.conversation(conversation_id).await?;
        let window = ServiceWindow::at(conversation.last_inbound_at, now());
        if !window.allows_free_form() {
            return Err(EngineError::WindowClosed(window));
        }
        let quoted_wamid = match reply_to {
            Some(id) => Some(self.wamid_in(conversation_id, id).await?),
            None => None,
        };
        let (content, file) = self.compose(conversation_id, outgoing).await?;
        let request = SendMessageRequest::from_content(
            &conversation.contact.wa_id,
            &content,
            quoted_wamid.as_deref(),
        )
        .map_err(|e| EngineError::Invalid(e.to_string()))?;
        let payload =
            serde_json::to_string(&request).map_err(|e| EngineError::Internal(e.to_string()))?;
        let message = store
            .enqueue(
                &Outbound {
                    conversation_id,
                    content: &content,
                    quoting: Quoting {
                        wamid: quoted_wamid.as_deref(),
                    },
                    file: file.as_ref(),
                    payload: &payload,
                    sent_by: &by,
                },
                now(),
            )
            .await?;
        self.shared
            .announce(Announcement::Conversation(conversation_id));
        self.shared.announce(Announcement::MessageAdded(message.id));
        self.shared.wake_sender.notify_one();
        Ok(message)
    }

    /// Queues a free-form text reply.
    pub async fn send_text(
        &self,
        conversation_id: ConversationId,
        text: &str,
        by: SentBy,
    ) -> Result<Message, EngineError> {
        let preview_url =
            self.shared.preferences.read().await.link_previews && text.contains("://");
        self.send(
            conversation_id,
            Outgoing::Text {
                body: text.to_owned(),
                preview_url,
            },
            None,
            by,
        )
        .await
    }

    /// Sends again what an unconfirmed or failed message said, as a new message. Only
    /// ever at an agent's request: Parley never resends on its own.
    pub async fn send_again(
        &self,
        message_id: MessageId,
        by: SentBy,
    ) -> Result<Message, EngineError> {
        let original = self.shared.store.message(message_id).await?;
        if original.direction != Direction::Outbound || original.failure.is_none() {
            return Err(EngineError::Invalid(
                "only a failed or unconfirmed message can be sent again".to_owned(),
            ));
        }
        let outgoing = match original.content {
            MessageContent::Text { body, preview_url } => Outgoing::Text { body, preview_url },
            MessageContent::Location { location } => Outgoing::Location { location },
            MessageContent::Interactive { interactive } => Outgoing::Interactive { interactive },
            MessageContent::Media { .. } => {
                let upload = self
                    .shared
                    .store
                    .media_upload(message_id)
                    .await?
                    .ok_or_else(|| {
                        EngineError::Invalid("the file of this message is gone".to_owned())
                    })?;
                let MessageContent::Media { media } = &original.content else {
                    unreachable!("matched above")
                };
                Outgoing::Media {
                    path: upload.path,
                    kind: Some(media.kind),
                    caption: media.caption.clone(),
                }
            }
            _ => {
                return Err(EngineError::Invalid(
                    "this message cannot be sent again".to_owned(),
                ));
            }
        };
        let reply_to = original.quoted.map(|q| q.id);
        self.send(original.conversation_id, outgoing, reply_to, by)
            .await
    }

    /// The wamid of a message of this conversation, to quote or react to it.
    async fn wamid_in(
        &self,
        conversation_id: ConversationId,
        id: MessageId,
    ) -> Result<String, EngineError> {
        let message = self.shared.store.message(id).await?;
        if message.conversation_id != conversation_id {
            return Err(EngineError::Invalid(
                "that message is in another conversation".to_owned(),
            ));
        }
        message.wamid.ok_or_else(|| {
            EngineError::Invalid("that message has not reached WhatsApp yet".to_owned())
        })
    }

    async fn compose(
        &self,
        conversation_id: ConversationId,
        outgoing: Outgoing,
    ) -> Result<(MessageContent, Option<OutboundFile>), EngineError> {
        Ok(match outgoing {
            Outgoing::Text { body, preview_url } => (
                MessageContent::Text {
                    body: outgoing_text(&body)?.to_owned(),
                    preview_url,
                },
                None,
            ),
            Outgoing::Location { location } => {
                if !location.is_valid() {
                    return Err(EngineError::Invalid(
                        "a location needs a latitude between -90 and 90 and a longitude between -180 and 180"
                            .to_owned(),
                    ));
                }
                (MessageContent::Location { location }, None)
            }
            Outgoing::Interactive { interactive } => {
                interactive.validate()?;
                (MessageContent::Interactive { interactive }, None)
            }
            Outgoing::Reaction { message_id, emoji } => (
                MessageContent::Reaction {
                    target_wamid: self.wamid_in(conversation_id, message_id).await?,
                    emoji: emoji.filter(|e| !e.is_empty()),
                },
                None,
            ),
            Outgoing::Media {
                path,
                kind,
                caption,
            } => {
                let (media, file) = self.keep_copy(Path::new(&path), kind, caption).await?;
                (MessageContent::Media { media }, Some(file))
            }
        })
    }

    /// Checks a file against WhatsApp's limits, then copies it under the data directory,
    /// so the queued send does not depend on the original staying where it was.
    async fn keep_copy(
        &self,
        source: &Path,
        kind: Option<MediaKind>,
        caption: Option<String>,
    ) -> Result<(Media, OutboundFile), EngineError> {
        let copy = copy_checked(source, &self.shared.media_dir.join("outbound"), kind).await?;
        let caption = caption.filter(|c| !c.trim().is_empty() && copy.kind.can_have_caption());
        Ok((
            Media {
                kind: copy.kind,
                id: None,
                mime_type: Some(copy.mime_type.to_owned()),
                sha256: None,
                size: Some(copy.size),
                filename: Some(copy.filename),
                caption,
                animated: false,
            },
            OutboundFile {
                path: copy.path.to_string_lossy().into_owned(),
                mime_type: copy.mime_type.to_owned(),
                size: copy.size,
            },
        ))
    }
}

/// A file copied into Parley's data directory after checking WhatsApp's limits for it.
pub(crate) struct CopiedFile {
    pub path: PathBuf,
    pub filename: String,
    pub mime_type: &'static str,
    pub kind: MediaKind,
    pub size: i64,
}

/// The metadata of `source`, refused in plain words when it cannot be read or is not a
/// regular file.
pub(crate) async fn file_metadata(source: &Path) -> Result<std::fs::Metadata, EngineError> {
    let metadata = tokio::fs::metadata(source)
        .await
        .map_err(|e| EngineError::File(format!("cannot read {}: {e}", source.display())))?;
    if !metadata.is_file() {
        return Err(EngineError::File(format!(
            "{} is not a file",
            source.display()
        )));
    }
    Ok(metadata)
}

/// Copies `source` into `dir` (under a random prefix, so names never collide) once its
/// type and size pass WhatsApp's upload limits; `kind` overrides the kind its type
/// suggests (a voice note is audio).
pub(crate) async fn copy_checked(
    source: &Path,
    dir: &Path,
    kind: Option<MediaKind>,
) -> Result<CopiedFile, EngineError> {
    let metadata = file_metadata(source).await?;
    let extension = source
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    let mime_type = mime_for_extension(extension);
    let kind = kind.unwrap_or_else(|| kind_for_mime(mime_type));
    check_upload(kind, mime_type, metadata.len(), false)?;
    let filename = source
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("file")
        .to_owned();
    tokio::fs::create_dir_all(dir)
        .await
        .map_err(|e| EngineError::File(format!("cannot create {}: {e}", dir.display())))?;
    let path = dir.join(format!("{:016x}-{filename}", rand::rng().random::<u64>()));
    tokio::fs::copy(source, &path)
        .await
        .map_err(|e| EngineError::File(format!("cannot copy {}: {e}", source.display())))?;
    Ok(CopiedFile {
        path,
        filename,
        mime_type,
        kind,
        size: metadata.len() as i64,
    })
}
