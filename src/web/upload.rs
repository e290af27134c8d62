//! Reading a multipart upload: its text fields as strictly as any form (valid UTF-8, no
//! control characters, a bounded number and size), and its files as bytes up to a limit.
//! A file over the limit is drained, not kept, and marked so the form can say so.

use axum::extract::Multipart;
use axum::extract::multipart::MultipartRejection;
use axum::http::StatusCode;

use crate::error::AppError;
use crate::web::input::check_text;

/// The most parts an upload form may have.
const MAX_PARTS: usize = 40;
/// The most bytes in one text field.
const MAX_TEXT_BYTES: usize = 16 * 1024;

/// One file as sent.
#[derive(Debug)]
pub struct UploadedFile {
    pub bytes: Vec<u8>,
    /// It was larger than the limit; `bytes` holds nothing.
    pub over_limit: bool,
}

/// A multipart form, read.
#[derive(Debug, Default)]
pub struct Upload {
    texts: Vec<(String, String)>,
    files: Vec<(String, UploadedFile)>,
}

impl Upload {
    /// Reads the whole form, keeping each file's bytes up to `file_limit`.
    pub async fn read(
        multipart: Result<Multipart, MultipartRejection>,
        file_limit: usize,
    ) -> Result<Self, AppError> {
        let mut multipart =
            multipart.map_err(|_| AppError::Status(StatusCode::UNSUPPORTED_MEDIA_TYPE))?;
        let mut upload = Upload::default();
        let mut parts = 0;
        while let Some(mut field) = multipart.next_field().await.map_err(unreadable)? {
            parts += 1;
            if parts > MAX_PARTS {
                return Err(AppError::BadRequest(
                    "The form has far more fields than any form here.".to_owned(),
                ));
            }
            let name = field.name().unwrap_or_default().to_owned();
            let is_file = field.file_name().is_some();
            let limit = if is_file { file_limit } else { MAX_TEXT_BYTES };
            let mut bytes = Vec::new();
            let mut over_limit = false;
            while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
                if over_limit || bytes.len() + chunk.len() > limit {
                    over_limit = true;
                    bytes = Vec::new();
                } else {
                    bytes.extend_from_slice(&chunk);
                }
            }
            if is_file {
                // A file input left empty still sends a part, with no name and no bytes.
                if over_limit || !bytes.is_empty() {
                    upload
                        .files
                        .push((name, UploadedFile { bytes, over_limit }));
                }
            } else {
                if over_limit {
                    return Err(AppError::BadRequest(
                        "A text field of the form is far longer than any we accept.".to_owned(),
                    ));
                }
                let text = String::from_utf8(bytes).map_err(|_| {
                    AppError::BadRequest(
                        "The text you sent is not valid UTF-8, so it cannot be read.".to_owned(),
                    )
                })?;
                check_text(&text)?;
                upload.texts.push((name, text));
            }
        }
        Ok(upload)
    }

    /// The first value of a text field, or "".
    pub fn text(&self, name: &str) -> String {
        self.texts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// Whether a checkbox was ticked.
    pub fn ticked(&self, name: &str) -> bool {
        self.texts.iter().any(|(n, _)| n == name)
    }

    /// The file sent in `name`, taken out of the form.
    pub fn take_file(&mut self, name: &str) -> Option<UploadedFile> {
        let at = self.files.iter().position(|(n, _)| n == name)?;
        Some(self.files.swap_remove(at).1)
    }
}

fn unreadable(err: axum::extract::multipart::MultipartError) -> AppError {
    if err.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::PayloadTooLarge
    } else {
        AppError::BadRequest("The upload could not be read; please try again.".to_owned())
    }
}
