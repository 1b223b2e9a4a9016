//! Any address the app does not know.

use leptos::prelude::*;

use crate::components::{Link, Page};
use domain::routes;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <Page title="Page not found">
            <p class="usa-intro">"We can’t find the page you are looking for."</p>
            <p>"The address may be mistyped, or the page may have moved. You can:"</p>
            <ul>
                <li><Link href=routes::HOME>"Go to the National Registry home page"</Link></li>
                <li><Link href=routes::HOW_TO_SIGN_IN>"Read how to sign in"</Link></li>
                <li><Link href=routes::HELP_DESK>"Contact the FMCSA Help Desk"</Link></li>
            </ul>
        </Page>
    }
}
