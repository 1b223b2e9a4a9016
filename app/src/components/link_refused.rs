//! What a person sees when the link from an email no longer works.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::paths;

#[component]
pub fn LinkRefused(message: String) -> impl IntoView {
    view! {
        <div class="usa-alert usa-alert--warning" role="alert">
            <div class="usa-alert__body">
                <h2 class="usa-alert__heading">"This link does not work"</h2>
                <p class="usa-alert__text">{message}</p>
            </div>
        </div>
        <p>"You can start again: Transfer or Create Account sends a new email with a new link."</p>
        <p><A href=paths::TRANSFER attr:class="usa-button">"Start Transfer or Create Account again"</A></p>
        <p>"Need help? " <A href=paths::HELP_DESK>"Contact the FMCSA Help Desk"</A> "."</p>
    }
}

/// The answer to a request, shown where the form was.
#[component]
pub fn SuccessNotice(message: String) -> impl IntoView {
    view! {
        <div class="usa-alert usa-alert--success" role="status">
            <div class="usa-alert__body"><p class="usa-alert__text">{message}</p></div>
        </div>
    }
}
