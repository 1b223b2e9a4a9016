//! Behind the button of "Confirm your new email address" sent for a change on
//! My account: one more button, then the address changes.

use leptos::prelude::*;

use crate::api;
use crate::components::{confirm_button, page_behind_link};
use domain::routes;

#[component]
pub fn AccountEmailConfirm() -> impl IntoView {
    page_behind_link("Confirm your new email address", api::check_email_change_link, |token, link| {
        confirm_button(
            token,
            format!(
                "Select the button to use {} for your National Registry account.",
                link.confirms.unwrap_or_default()
            ),
            api::confirm_email_change,
            Some((routes::ACCOUNT, "Go to My account")),
        )
        .into_any()
    })
}
