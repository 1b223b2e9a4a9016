//! The parts pages share: the skip link, the government banner, the header,
//! the identifier footer, the frame of each page, the step indicator and the
//! form fields.

mod banner;
mod challenge;
mod confirm_button;
mod deadline;
mod email_form;
mod form_fields;
mod header;
mod help_desk_contact;
mod identifier;
mod in_page_link;
mod link;
mod link_refused;
pub mod local_time;
mod page;
mod session_timeout;
mod staff_sign_in;
mod step_indicator;

pub use banner::GovBanner;
pub use challenge::ChallengeWidget;
pub use confirm_button::confirm_button;
pub use deadline::{provide_deadline, DeadlineReminder, DeadlineSiteAlert};
pub use email_form::{show_refusal, FormState};
pub use form_fields::{control_id, focus_first_error, Checkbox, ErrorSummary, StateSelect, TextField};
pub use header::{SignedInHere, SiteHeader};
pub use help_desk_contact::TheHelpDesk;
pub use identifier::Identifier;
pub use in_page_link::{SkipNav, MAIN_CONTENT_ID};
pub use link::Link;
pub use link_refused::{page_behind_link, ErrorNotice, LinkRefused, SuccessNotice};
#[cfg(feature = "prerender")]
pub use page::document_title;
pub use page::{Page, PageUpdated};
pub use session_timeout::{IdleSignOutNotice, SessionTimeout};
pub use staff_sign_in::{StaffSession, StaffSignInButton};
pub use step_indicator::StepIndicator;

/// Where the USWDS images are served from (copied there by scripts/build).
pub const USWDS_IMG: &str = "/assets/img";
