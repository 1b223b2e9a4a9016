//! The National Registry's pages. `Shell` is what every page shares; the two
//! apps (see [`Part`]) are its routes. Each page is one file in `pages/`, the
//! parts pages share are in `components/`.

use std::sync::atomic::{AtomicBool, Ordering};

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
    pub const ACCOUNT: &str = "/account";
    /// Where login.gov sends a person back after signing out.
    pub const SIGNED_OUT: &str = "/signed-out";
    /// The worker's route to login.gov (OpenID Connect), outside the app.
    pub const LOGIN_GOV: &str = "/auth/login";
    /// The worker's sign-out (a form POST), outside the app.
    pub const LOGOUT: &str = "/auth/logout";
}

/// The app ships as two bundles, so that the first page a person opens loads
/// only what it shows: `Public` (home, help, sign in) and `Transfer` (the
/// wizard, where signing in and out ends — My account, a problem, signed
/// out —, the pages behind email links, the dev mailbox). `public/boot.js`
/// loads the bundle for the address by the same rule as [`Part::of`]; a link
/// to the other bundle's page loads it in full (`components::Link`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Public,
    Transfer,
}

static TRANSFER_BUNDLE: AtomicBool = AtomicBool::new(false);

impl Part {
    pub fn of(path: &str) -> Self {
        let under = |root: &str| path == root || path.strip_prefix(root).is_some_and(|rest| rest.starts_with('/'));
        let transfer = ["/transfer", "/dev", "/account", "/sign-in/problem", "/signed-out"].into_iter().any(under);
        if transfer {
            Self::Transfer
        } else {
            Self::Public
        }
    }

    /// The bundle that is running.
    pub fn current() -> Self {
        if TRANSFER_BUNDLE.load(Ordering::Relaxed) {
            Self::Transfer
        } else {
            Self::Public
        }
    }
}

/// Starts the public bundle (`src/bin/public.rs`).
pub fn mount_public() {
    leptos::mount::mount_to_body(PublicApp);
}

/// Starts the transfer bundle (`src/bin/transfer.rs`).
pub fn mount_transfer() {
    TRANSFER_BUNDLE.store(true, Ordering::Relaxed);
    leptos::mount::mount_to_body(TransferApp);
}

/// What every page shares: skip link, banner, header, the page, identifier.
#[component]
fn Shell(children: Children) -> impl IntoView {
    view! {
        <Router>
            <SkipNav />
            <GovBanner />
            <SiteHeader />
            <main id=MAIN_CONTENT_ID class="registry-main" tabindex="-1">
                {children()}
            </main>
            <Identifier />
        </Router>
    }
}

#[component]
fn PublicApp() -> impl IntoView {
    view! {
        <Shell>
            <Routes fallback=pages::NotFound>
                <Route path=path!("/") view=|| view! { <pages::Home /> } />
                <Route path=path!("/help/login-gov") view=pages::WhatIsLoginGov />
                <Route path=path!("/help/how-to-sign-in") view=pages::HowToSignIn />
                <Route path=path!("/help/contact") view=pages::HelpDesk />
                <Route path=path!("/sign-in") view=pages::SignIn />
            </Routes>
        </Shell>
    }
}

#[component]
fn TransferApp() -> impl IntoView {
    view! {
        <Shell>
            <Routes fallback=pages::NotFound>
                <Route path=path!("/transfer") view=|| view! { <pages::Transfer step=WizardStep::AccountType /> } />
                <Route path=path!("/transfer/identify") view=|| view! { <pages::Transfer step=WizardStep::IdentifyAccount /> } />
                <Route path=path!("/transfer/submitted") view=|| view! { <pages::Transfer step=WizardStep::Submitted /> } />
                <Route path=path!("/transfer/fix/:token") view=pages::TransferFix />
                <Route path=path!("/transfer/confirm/:token") view=pages::TransferConfirm />
                <Route path=path!("/dev/mailbox") view=pages::DevMailbox />
                <Route path=path!("/account") view=pages::MyAccountPage />
                <Route path=path!("/signed-out") view=pages::SignedOut />
                <Route path=path!("/account/email/confirm/:token") view=pages::AccountEmailConfirm />
                <Route path=path!("/sign-in/problem/:code") view=pages::SignInProblemPage />
            </Routes>
        </Shell>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_transfer_and_dev_pages_are_in_the_transfer_bundle_and_the_rest_in_the_public_one() {
        for path in [
            paths::TRANSFER,
            paths::TRANSFER_IDENTIFY,
            "/transfer/fix/abc",
            "/dev/mailbox",
            paths::ACCOUNT,
            "/account/email/confirm/abc",
            "/sign-in/problem/no-match",
            paths::SIGNED_OUT,
        ] {
            assert_eq!(Part::of(path), Part::Transfer, "{path}");
        }
        for path in [paths::HOME, paths::SIGN_IN, paths::HELP_DESK, "/transfers-elsewhere", "/developers", "/accounts"]
        {
            assert_eq!(Part::of(path), Part::Public, "{path}");
        }
    }

    #[test]
    fn the_page_without_javascript_names_the_help_desk_as_the_app_does() {
        let html = include_str!("../../public/index.html");
        for contact in [domain::help_desk::EMAIL_LINK, domain::help_desk::EMAIL, domain::help_desk::PHONE] {
            assert!(html.contains(contact), "{contact}");
        }
    }
}
