//! Media attached to messages: what WhatsApp accepts, and where the file is locally.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum MediaKind {
    Image,
    Video,
    Audio,
    /// A voice note: audio recorded in WhatsApp (`audio.voice`).
    Voice,
    Document,
    Sticker,
}

impl MediaKind {
    /// The message `type` the Cloud API uses (a voice note is an `audio` message).
    pub fn api_type(self) -> &'static str {
        match self {
            Self::Image => "image",
            Self::Video => "video",
            Self::Audio | Self::Voice => "audio",
            Self::Document => "document",
            Self::Sticker => "sticker",
        }
    }

    pub fn can_have_caption(self) -> bool {
        matches!(self, Self::Image | Self::Video | Self::Document)
    }
}

/// A media item as WhatsApp describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Media {
    pub kind: MediaKind,
    /// Meta's media id: from a webhook, or from uploading before a send.
    pub id: Option<String>,
    pub mime_type: Option<String>,
    /// As Meta gives it (base64 in webhooks); checked after download.
    pub sha256: Option<String>,
    pub size: Option<i64>,
    pub filename: Option<String>,
    pub caption: Option<String>,
    /// Animated stickers have a larger size limit.
    pub animated: bool,
}

/// Where a message's media file is on this machine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(
    tag = "state",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum LocalMedia {
    /// Not downloaded (or uploaded) yet.
    Pending,
    Ready {
        path: String,
        mime_type: String,
        size: i64,
    },
    Failed {
        error: String,
    },
}

pub const MB: u64 = 1024 * 1024;
pub const KB: u64 = 1024;

/// Why a file cannot be sent as a given kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MediaError {
    #[error("WhatsApp does not accept {mime} files as {kind:?}; use {accepted}")]
    UnsupportedType {
        kind: MediaKind,
        mime: String,
        accepted: &'static str,
    },
    #[error("the file is {size_text}, over WhatsApp's {limit_text} limit for {kind:?}")]
    TooLarge {
        kind: MediaKind,
        size_text: String,
        limit_text: String,
    },
    #[error("the file is empty")]
    Empty,
}

fn human(bytes: u64) -> String {
    if bytes >= MB {
        format!("{:.1} MB", bytes as f64 / MB as f64)
    } else {
        format!("{} KB", bytes.div_ceil(KB))
    }
}

/// WhatsApp's size limit for a kind (stickers: 100 KB static, 500 KB animated).
pub fn size_limit(kind: MediaKind, animated: bool) -> u64 {
    match kind {
        MediaKind::Image => 5 * MB,
        MediaKind::Video | MediaKind::Audio | MediaKind::Voice => 16 * MB,
        MediaKind::Document => 100 * MB,
        MediaKind::Sticker if animated => 500 * KB,
        MediaKind::Sticker => 100 * KB,
    }
}

fn accepted_types(kind: MediaKind) -> (&'static [&'static str], &'static str) {
    match kind {
        MediaKind::Image => (&["image/jpeg", "image/png"], "JPEG or PNG"),
        MediaKind::Video => (&["video/mp4", "video/3gpp"], "MP4 or 3GPP"),
        MediaKind::Audio | MediaKind::Voice => (
            &[
                "audio/aac",
                "audio/amr",
                "audio/mpeg",
                "audio/mp4",
                "audio/ogg",
            ],
            "AAC, AMR, MP3, M4A or OGG (Opus)",
        ),
        MediaKind::Sticker => (&["image/webp"], "WebP"),
        MediaKind::Document => (&[], "any document"),
    }
}

/// Checks a file against WhatsApp's type and size limits before it is uploaded, so the
/// agent learns at once, not after a failed send.
pub fn check_upload(
    kind: MediaKind,
    mime: &str,
    size: u64,
    animated: bool,
) -> Result<(), MediaError> {
    if size == 0 {
        return Err(MediaError::Empty);
    }
    let (types, accepted) = accepted_types(kind);
    let essence = mime
        .split(';')
        .next()
        .unwrap_or(mime)
        .trim()
        .to_ascii_lowercase();
    if !types.is_empty() && !types.contains(&essence.as_str()) {
        return Err(MediaError::UnsupportedType {
            kind,
            mime: essence,
            accepted,
        });
    }
    let limit = size_limit(kind, animated);
    if size > limit {
        return Err(MediaError::TooLarge {
            kind,
            size_text: human(size),
            limit_text: human(limit),
        });
    }
    Ok(())
}

/// The MIME type of a file by its extension, for the types WhatsApp knows.
pub fn mime_for_extension(extension: &str) -> &'static str {
    match extension.to_ascii_lowercase().as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "webp" => "image/webp",
        "mp4" => "video/mp4",
        "3gp" => "video/3gpp",
        "aac" => "audio/aac",
        "amr" => "audio/amr",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "ogg" | "opus" => "audio/ogg",
        "pdf" => "application/pdf",
        "txt" => "text/plain",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt" => "application/vnd.ms-powerpoint",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        _ => "application/octet-stream",
    }
}

/// The kind a file is sent as when the agent just attaches it.
pub fn kind_for_mime(mime: &str) -> MediaKind {
    match mime {
        "image/jpeg" | "image/png" => MediaKind::Image,
        "image/webp" => MediaKind::Sticker,
        m if m.starts_with("video/") => MediaKind::Video,
        m if m.starts_with("audio/") => MediaKind::Audio,
        _ => MediaKind::Document,
    }
}

/// The file extension to store a download under.
pub fn extension_for_mime(mime: &str) -> &'static str {
    match mime.split(';').next().unwrap_or(mime).trim() {
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/webp" => "webp",
        "video/mp4" => "mp4",
        "video/3gpp" => "3gp",
        "audio/aac" => "aac",
        "audio/amr" => "amr",
        "audio/mpeg" => "mp3",
        "audio/mp4" => "m4a",
        "audio/ogg" => "ogg",
        "application/pdf" => "pdf",
        "text/plain" => "txt",
        _ => "bin",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_on_both_sides_of_each_threshold() {
        let cases = [
            (MediaKind::Image, "image/jpeg", 5 * MB, false),
            (MediaKind::Video, "video/mp4", 16 * MB, false),
            (MediaKind::Audio, "audio/ogg; codecs=opus", 16 * MB, false),
            (MediaKind::Document, "application/pdf", 100 * MB, false),
            (MediaKind::Sticker, "image/webp", 100 * KB, false),
            (MediaKind::Sticker, "image/webp", 500 * KB, true),
        ];
        for (kind, mime, limit, animated) in cases {
            assert_eq!(
                check_upload(kind, mime, limit, animated),
                Ok(()),
                "{kind:?} at the limit"
            );
            assert!(
                matches!(
                    check_upload(kind, mime, limit + 1, animated),
                    Err(MediaError::TooLarge { .. })
                ),
                "{kind:?} one byte over"
            );
        }
    }

    #[test]
    fn the_message_names_the_size_and_the_limit() {
        let err = check_upload(MediaKind::Image, "image/png", 6 * MB, false).expect_err("too big");
        assert_eq!(
            err.to_string(),
            "the file is 6.0 MB, over WhatsApp's 5.0 MB limit for Image"
        );
        let err =
            check_upload(MediaKind::Sticker, "image/webp", 150 * KB, false).expect_err("too big");
        assert!(err.to_string().contains("100 KB"), "{err}");
    }

    #[test]
    fn wrong_types_and_empty_files_are_refused() {
        assert!(matches!(
            check_upload(MediaKind::Image, "image/gif", 10, false),
            Err(MediaError::UnsupportedType { .. })
        ));
        assert!(matches!(
            check_upload(MediaKind::Sticker, "image/png", 10, false),
            Err(MediaError::UnsupportedType { .. })
        ));
        assert_eq!(
            check_upload(MediaKind::Document, "application/zip", 10, false),
            Ok(())
        );
        assert_eq!(
            check_upload(MediaKind::Image, "image/png", 0, false),
            Err(MediaError::Empty)
        );
    }

    #[test]
    fn extensions_and_kinds() {
        assert_eq!(mime_for_extension("JPG"), "image/jpeg");
        assert_eq!(kind_for_mime(mime_for_extension("ogg")), MediaKind::Audio);
        assert_eq!(
            kind_for_mime(mime_for_extension("pdf")),
            MediaKind::Document
        );
        assert_eq!(
            kind_for_mime(mime_for_extension("webp")),
            MediaKind::Sticker
        );
        assert_eq!(extension_for_mime("audio/ogg; codecs=opus"), "ogg");
        assert_eq!(MediaKind::Voice.api_type(), "audio");
    }
}
