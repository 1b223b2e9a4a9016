//! Behind the button of "Confirm your new email address" of the shared-email
//! fix: one more button, then the account is migrated.

use leptos::prelude::*;

use crate::api;
use crate::components::{confirm_button, page_behind_link};

#[component]
pub fn TransferConfirm() -> impl IntoView {
    page_behind_link("Confirm your new email address", api::check_confirm_link, |token, link| {
        confirm_button(
            token,
            format!(
                "Select the button to use {} for your National Registry account. Your account will then be migrated to use login.gov.",
                link.confirms.unwrap_or_default()
            ),
            api::confirm_new_email,
            None,
        )
        .into_any()
    })
}
