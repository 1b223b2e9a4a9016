//! "the FMCSA Help Desk at fmctechsup@dot.gov or 617.494.3003", with the
//! address and the number as links a phone can tap (`mailto:`, `tel:`).

use domain::help_desk;
use leptos::prelude::*;

#[component]
pub fn TheHelpDesk() -> impl IntoView {
    view! {
        "the FMCSA Help Desk at "
        <a class="usa-link" href=help_desk::EMAIL_LINK>{help_desk::EMAIL}</a>
        " or "
        <a class="usa-link" href=help_desk::PHONE_LINK>{help_desk::PHONE}</a>
    }
}
