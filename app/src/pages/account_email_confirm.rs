//! Behind the button of "Confirm your new email address" sent for a change on
//! My account: one more button, then the address changes.

use leptos::prelude::*;

use crate::api;
use crate::components::{confirm_button, page_behind_link};
use domain::routes;

#[component]
pub fn AccountEmailConfirm() -> impl IntoView {
    page_behind_link("Confirm your new email address", api::check_email_change_link, |token| {
        confirm_button(
            token,
            "Select the button to use this email address for your National Registry account.",
            api::confirm_email_change,
            Some((routes::ACCOUNT, "Go to My account")),
        )
        .into_any()
    })
}
