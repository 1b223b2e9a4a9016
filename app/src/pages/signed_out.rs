//! Where login.gov sends a person back after signing out: the home page, with
//! the news on top. (In the second bundle, so that the first page stays small.)

use leptos::prelude::*;

use super::Home;
use crate::components::SuccessNotice;

#[component]
pub fn SignedOut() -> impl IntoView {
    view! {
        <div class="grid-container registry-notice">
            <SuccessNotice message="You have signed out.".to_owned() />
        </div>
        <Home />
    }
}
