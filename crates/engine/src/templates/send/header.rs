//! The header of a template send: an image, video or document from this machine (checked
//! against WhatsApp's limits for template headers, then copied and uploaded like an
//! attachment), a place, or nothing to give (no header, or a text one filled from the
//! values).

use std::path::Path;

use parley_core::content::{Location, TemplateMessageHeader};
use parley_core::media::{
    Media, MediaError, MediaKind, check_upload, kind_for_mime, mime_for_extension,
};
use parley_core::template::{Component, HeaderFormat, TemplateDefinition};
use parley_store::OutboundFile;
use parley_whatsapp::api::{LocationObject, MediaObject, TemplateParameter};

use super::TemplateHeaderInput;
use crate::EngineError;
use crate::send::copy_checked;
use crate::templates::TemplateError;

/// The MIME types a template header of `kind` takes, and how to name them to a person
/// ("a JPEG or PNG"). Narrower than attachments: Meta takes only MP4 videos and PDF
/// documents in a template header.
pub(crate) fn header_file_types(kind: MediaKind) -> (&'static [&'static str], &'static str) {
    match kind {
        MediaKind::Image => (&["image/jpeg", "image/png"], "a JPEG or PNG"),
        MediaKind::Video => (&["video/mp4"], "an MP4"),
        MediaKind::Document => (&["application/pdf"], "a PDF"),
        MediaKind::Audio | MediaKind::Voice | MediaKind::Sticker => (&[], "no"),
    }
}

/// What the header needs, checked: nothing, a file of a kind, or a place.
#[derive(Debug)]
pub(super) enum CheckedHeader<'a> {
    Nothing,
    File { source: &'a Path, kind: MediaKind },
    Location(Location),
}

/// Checks the send's header against the template's: everything but copying the file, so
/// a refusal later (a bad value) leaves no copy behind.
pub(super) async fn check<'a>(
    definition: &TemplateDefinition,
    input: Option<&'a TemplateHeaderInput>,
) -> Result<CheckedHeader<'a>, EngineError> {
    let format = definition.components.iter().find_map(|c| match c {
        Component::Header(h) => Some(h.format),
        _ => None,
    });
    let media_kind = match format {
        Some(HeaderFormat::Image) => Some(MediaKind::Image),
        Some(HeaderFormat::Video) => Some(MediaKind::Video),
        Some(HeaderFormat::Document) => Some(MediaKind::Document),
        _ => None,
    };
    match (format, media_kind, input) {
        (None | Some(HeaderFormat::Text), _, None) => Ok(CheckedHeader::Nothing),
        (None | Some(HeaderFormat::Text), _, Some(_)) => Err(TemplateError::HeaderNotTaken {
            text: format.is_some(),
        }
        .into()),
        (_, Some(kind), Some(TemplateHeaderInput::File { path })) => {
            let source = Path::new(path);
            check_file(source, kind).await?;
            Ok(CheckedHeader::File { source, kind })
        }
        (_, Some(kind), _) => Err(TemplateError::MediaHeaderNeeded(kind).into()),
        (
            _,
            None,
            Some(TemplateHeaderInput::Location {
                latitude,
                longitude,
                name,
                address,
            }),
        ) => {
            let location = Location {
                latitude: *latitude,
                longitude: *longitude,
                name: filled(name),
                address: filled(address),
                url: None,
            };
            if !location.is_valid() {
                return Err(TemplateError::LocationHeaderInvalid.into());
            }
            Ok(CheckedHeader::Location(location))
        }
        (_, None, _) => Err(TemplateError::LocationHeaderNeeded.into()),
    }
}

fn filled(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// A file that cannot be read is refused like an attachment that cannot (`EngineError::File`);
/// one of the wrong type or size, with the header's own rule.
async fn check_file(source: &Path, kind: MediaKind) -> Result<(), EngineError> {
    let metadata = crate::send::file_metadata(source).await?;
    let file = source
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("the file")
        .to_owned();
    let extension = source
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    let mime_type = mime_for_extension(extension);
    if kind_for_mime(mime_type) != kind || !header_file_types(kind).0.contains(&mime_type) {
        return Err(TemplateError::MediaHeaderType { kind, file }.into());
    }
    match check_upload(kind, mime_type, metadata.len(), false) {
        Ok(()) => Ok(()),
        Err(MediaError::Empty) => Err(TemplateError::MediaHeaderEmpty { kind, file }.into()),
        Err(MediaError::TooLarge { size_text, .. }) => Err(TemplateError::MediaHeaderTooLarge {
            kind,
            file,
            size_text,
        }
        .into()),
        Err(MediaError::UnsupportedType { .. }) => {
            Err(TemplateError::MediaHeaderType { kind, file }.into())
        }
    }
}

/// The header as it goes out: Meta's header parameter, what the thread shows, and the
/// local copy of a file for the sender to upload.
pub(super) struct PreparedHeader {
    pub parameter: Option<TemplateParameter>,
    pub shown: Option<TemplateMessageHeader>,
    pub file: Option<OutboundFile>,
}

impl CheckedHeader<'_> {
    /// Copies a header file into `outbound` (the same place attachments are kept).
    pub(super) async fn prepare(self, outbound: &Path) -> Result<PreparedHeader, EngineError> {
        Ok(match self {
            Self::Nothing => PreparedHeader {
                parameter: None,
                shown: None,
                file: None,
            },
            Self::Location(location) => PreparedHeader {
                parameter: Some(TemplateParameter::Location {
                    location: LocationObject {
                        latitude: location.latitude,
                        longitude: location.longitude,
                        name: location.name.clone(),
                        address: location.address.clone(),
                    },
                }),
                shown: Some(TemplateMessageHeader::Location { location }),
                file: None,
            },
            Self::File { source, kind } => {
                let copy = copy_checked(source, outbound, Some(kind)).await?;
                // No id yet: the sender uploads the file and fills it in.
                let object = MediaObject {
                    filename: (kind == MediaKind::Document).then(|| copy.filename.clone()),
                    ..MediaObject::default()
                };
                let parameter = TemplateParameter::header_media(kind, object).ok_or_else(|| {
                    EngineError::Internal(format!("{kind:?} cannot be a template header"))
                })?;
                PreparedHeader {
                    parameter: Some(parameter),
                    shown: Some(TemplateMessageHeader::Media {
                        media: Media {
                            kind,
                            id: None,
                            mime_type: Some(copy.mime_type.to_owned()),
                            sha256: None,
                            size: Some(copy.size),
                            filename: Some(copy.filename),
                            caption: None,
                            animated: false,
                        },
                    }),
                    file: Some(OutboundFile {
                        path: copy.path.to_string_lossy().into_owned(),
                        mime_type: copy.mime_type.to_owned(),
                        size: copy.size,
                    }),
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn definition(header: Option<serde_json::Value>) -> TemplateDefinition {
        let mut components = Vec::new();
        components.extend(header);
        components.push(serde_json::json!({"type": "BODY", "text": "Hi there, the shop is open."}));
        serde_json::from_value(serde_json::json!({
            "name": "t", "language": "en_US", "category": "MARKETING", "components": components
        }))
        .expect("template")
    }

    fn media_header(format: &str) -> TemplateDefinition {
        definition(Some(serde_json::json!({
            "type": "HEADER", "format": format, "example": {"header_handle": ["4::x"]}
        })))
    }

    fn file(path: &Path) -> TemplateHeaderInput {
        TemplateHeaderInput::File {
            path: path.to_string_lossy().into_owned(),
        }
    }

    fn place(latitude: f64, longitude: f64) -> TemplateHeaderInput {
        TemplateHeaderInput::Location {
            latitude,
            longitude,
            name: Some("  ".to_owned()),
            address: Some("Herzl 1, Tel Aviv".to_owned()),
        }
    }

    async fn refusal(
        definition: &TemplateDefinition,
        input: Option<&TemplateHeaderInput>,
    ) -> String {
        match check(definition, input).await {
            Err(EngineError::Template(e)) => e.to_string(),
            other => panic!("expected a template refusal, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn each_header_format_takes_only_its_own_input() {
        let dir = tempfile::tempdir().expect("tempdir");
        let png = dir.path().join("shoes.png");
        std::fs::write(&png, b"png bytes").expect("write");
        let image = media_header("IMAGE");
        assert!(matches!(
            check(&image, Some(&file(&png))).await,
            Ok(CheckedHeader::File {
                kind: MediaKind::Image,
                ..
            })
        ));
        assert_eq!(
            refusal(&image, None).await,
            "this template's header is an image: choose a JPEG or PNG file of at most 5 MB"
        );
        assert_eq!(
            refusal(&image, Some(&place(1.0, 1.0))).await,
            "this template's header is an image: choose a JPEG or PNG file of at most 5 MB"
        );
        assert_eq!(
            refusal(&media_header("VIDEO"), None).await,
            "this template's header is a video: choose an MP4 file of at most 16 MB"
        );
        assert_eq!(
            refusal(&media_header("DOCUMENT"), None).await,
            "this template's header is a document: choose a PDF file of at most 100 MB"
        );

        let location = media_header("LOCATION");
        let Ok(CheckedHeader::Location(shown)) = check(&location, Some(&place(90.0, -180.0))).await
        else {
            panic!("the edges of the map are places");
        };
        assert_eq!(shown.name, None, "a blank name is no name");
        assert_eq!(shown.address.as_deref(), Some("Herzl 1, Tel Aviv"));
        for (lat, lon) in [(90.5, 0.0), (0.0, -180.5), (f64::NAN, 0.0)] {
            assert_eq!(
                refusal(&location, Some(&place(lat, lon))).await,
                "the header's place needs a latitude between -90 and 90 and a longitude between -180 and 180"
            );
        }
        assert_eq!(
            refusal(&location, Some(&file(&png))).await,
            "this template's header is a place on a map: it needs a place, with its latitude and longitude"
        );

        let text = definition(Some(
            serde_json::json!({"type": "HEADER", "format": "TEXT", "text": "Hello"}),
        ));
        assert!(matches!(
            check(&text, None).await,
            Ok(CheckedHeader::Nothing)
        ));
        assert_eq!(
            refusal(&text, Some(&file(&png))).await,
            "this template's header is text, filled from its values: send it without a file or place"
        );
        let none = definition(None);
        assert!(matches!(
            check(&none, None).await,
            Ok(CheckedHeader::Nothing)
        ));
        assert_eq!(
            refusal(&none, Some(&place(1.0, 1.0))).await,
            "this template has no header: send it without a file or place"
        );
    }

    #[tokio::test]
    async fn header_files_follow_the_template_header_limits() {
        let dir = tempfile::tempdir().expect("tempdir");
        let sized = |name: &str, len: u64| {
            let path = dir.path().join(name);
            std::fs::File::create(&path)
                .and_then(|f| f.set_len(len))
                .expect("sparse file");
            path
        };
        let mb = parley_core::media::MB;
        let cases = [
            ("IMAGE", "at-limit.jpg", 5 * mb, true),
            ("IMAGE", "over.jpg", 5 * mb + 1, false),
            ("VIDEO", "at-limit.mp4", 16 * mb, true),
            ("VIDEO", "over.mp4", 16 * mb + 1, false),
            ("DOCUMENT", "at-limit.pdf", 100 * mb, true),
            ("DOCUMENT", "over.pdf", 100 * mb + 1, false),
        ];
        for (format, name, len, fits) in cases {
            let input = file(&sized(name, len));
            let result = check(&media_header(format), Some(&input)).await;
            assert_eq!(result.is_ok(), fits, "{format} {name}: {result:?}");
        }
        let over = refusal(
            &media_header("IMAGE"),
            Some(&file(&sized("big.png", 6 * mb))),
        )
        .await;
        assert_eq!(
            over,
            "big.png is 6.0 MB, too large for this template's header, which is an image: choose a JPEG or PNG file of at most 5 MB"
        );
        // Types an attachment may have but a header may not.
        for (format, name) in [
            ("IMAGE", "scan.pdf"),
            ("IMAGE", "sticker.webp"),
            ("VIDEO", "clip.3gp"),
            ("DOCUMENT", "notes.docx"),
            ("DOCUMENT", "photo.png"),
        ] {
            let message = refusal(&media_header(format), Some(&file(&sized(name, 10)))).await;
            assert!(
                message.starts_with(&format!("{name} cannot be this template's header")),
                "{message}"
            );
        }
        assert_eq!(
            refusal(&media_header("IMAGE"), Some(&file(&sized("empty.png", 0)))).await,
            "empty.png is empty: this template's header is an image, choose a JPEG or PNG file of at most 5 MB"
        );
        let gone = file(&dir.path().join("gone.png"));
        let missing = check(&media_header("IMAGE"), Some(&gone)).await;
        assert!(
            matches!(&missing, Err(EngineError::File(m)) if m.starts_with("cannot read ")),
            "{missing:?}"
        );
    }
}
