//! Any address the app does not know.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::Page;
use crate::paths;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <Page title="Page not found">
            <p class="usa-intro">"We can’t find the page you are looking for."</p>
            <p>"The address may be mistyped, or the page may have moved. You can:"</p>
            <ul>
                <li><A href=paths::HOME>"Go to the National Registry home page"</A></li>
                <li><A href=paths::HOW_TO_SIGN_IN>"Read how to sign in"</A></li>
                <li><A href=paths::HELP_DESK>"Contact the FMCSA Help Desk"</A></li>
            </ul>
        </Page>
    }
}
