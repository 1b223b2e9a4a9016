//! The staff pages' way in: to login.gov, where the card is asked for.

use domain::routes;
use leptos::prelude::*;

#[component]
pub fn StaffSignInButton() -> impl IntoView {
    view! { <p><a class="usa-button" href=routes::STAFF_LOGIN rel="external">"Sign in with login.gov"</a></p> }
}
