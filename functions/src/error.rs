//! The API's one error type, mapped here — and only here — to a status and to
//! words a person can act on. What went wrong inside stays in the log.

use domain::api::ApiError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("no such API path")]
    NotFound,
    #[error("method not allowed")]
    MethodNotAllowed,
    /// A failure of ours or of a binding; the string is for the log only.
    #[error("internal: {0}")]
    Internal(String),
}

impl AppError {
    pub fn status(&self) -> u16 {
        match self {
            Self::NotFound => 404,
            Self::MethodNotAllowed => 405,
            Self::Internal(_) => 500,
        }
    }

    /// What the client is told: a stable code and a sentence, never the cause.
    pub fn body(&self) -> ApiError {
        let (error, message) = match self {
            Self::NotFound => ("not_found", "There is nothing at this address."),
            Self::MethodNotAllowed => ("method_not_allowed", "This address does not accept that kind of request."),
            Self::Internal(_) => (
                "internal",
                "Something went wrong on our side. Please try again, or contact the FMCSA Help Desk at fmctechsup@dot.gov or 617.494.3003.",
            ),
        };
        ApiError { error: error.into(), message: message.into() }
    }
}

#[cfg(target_arch = "wasm32")]
impl From<worker::Error> for AppError {
    fn from(e: worker::Error) -> Self {
        Self::Internal(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_internal_error_tells_the_client_nothing_of_its_cause() {
        let error = AppError::Internal("D1_ERROR: no such table: registry_accounts".into());
        assert_eq!(error.status(), 500);
        let body = error.body();
        assert!(!body.message.contains("D1") && !body.message.contains("registry_accounts"));
        assert!(body.message.contains("fmctechsup@dot.gov"));
    }

    #[test]
    fn each_error_has_its_own_status_and_code() {
        let errors = [AppError::NotFound, AppError::MethodNotAllowed, AppError::Internal(String::new())];
        let statuses: Vec<u16> = errors.iter().map(AppError::status).collect();
        let codes: Vec<String> = errors.iter().map(|e| e.body().error).collect();
        assert_eq!(statuses, [404, 405, 500]);
        assert_eq!(codes, ["not_found", "method_not_allowed", "internal"]);
    }
}
