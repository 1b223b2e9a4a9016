//! The National Registry's pages. `App` is the shell every page shares and the
//! routes; each page is one file in `pages/`, the parts pages share are in
//! `components/`.

use domain::transfer::WizardStep;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

mod api;
mod components;
mod pages;

use components::{GovBanner, Identifier, SiteHeader, SkipNav, MAIN_CONTENT_ID};

/// Where each page lives; the header, the footer and the pages link by these.
pub mod paths {
    pub const HOME: &str = "/";
    pub const WHAT_IS_LOGIN_GOV: &str = "/help/login-gov";
    pub const HOW_TO_SIGN_IN: &str = "/help/how-to-sign-in";
    pub const HELP_DESK: &str = "/help/contact";
    pub const SIGN_IN: &str = "/sign-in";
    pub const TRANSFER: &str = "/transfer";
    pub const TRANSFER_IDENTIFY: &str = "/transfer/identify";
    pub const TRANSFER_SUBMITTED: &str = "/transfer/submitted";
    /// The worker's route to login.gov (OpenID Connect), outside the app.
    pub const LOGIN_GOV: &str = "/auth/login";
}

#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <SkipNav />
            <GovBanner />
            <SiteHeader />
            <main id=MAIN_CONTENT_ID class="registry-main" tabindex="-1">
                <Routes fallback=pages::NotFound>
                    <Route path=path!("/") view=pages::Home />
                    <Route path=path!("/help/login-gov") view=pages::WhatIsLoginGov />
                    <Route path=path!("/help/how-to-sign-in") view=pages::HowToSignIn />
                    <Route path=path!("/help/contact") view=pages::HelpDesk />
                    <Route path=path!("/sign-in") view=pages::SignIn />
                    <Route path=path!("/transfer") view=|| view! { <pages::Transfer step=WizardStep::AccountType /> } />
                    <Route path=path!("/transfer/identify") view=|| view! { <pages::Transfer step=WizardStep::IdentifyAccount /> } />
                    <Route path=path!("/transfer/submitted") view=|| view! { <pages::Transfer step=WizardStep::Submitted /> } />
                    <Route path=path!("/transfer/fix/:token") view=pages::TransferFix />
                    <Route path=path!("/transfer/confirm/:token") view=pages::TransferConfirm />
                    <Route path=path!("/dev/mailbox") view=pages::DevMailbox />
                </Routes>
            </main>
            <Identifier />
        </Router>
    }
}
