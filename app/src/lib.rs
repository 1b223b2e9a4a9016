//! The National Registry's pages. `Shell` is what every page shares; each
//! bundle's app (see [`Part`]) is its routes. Each page is one file in `pages/`, the
//! parts pages share are in `components/`.

// The views of the ssr renderer (prerender feature) nest deeper than the default limit.
#![recursion_limit = "256"]

use std::sync::atomic::{AtomicU8, Ordering};

use domain::routes;
use domain::transfer::WizardStep;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

mod api;
mod components;
mod pages;

use components::{provide_deadline, DeadlineSiteAlert, GovBanner, Identifier, SiteHeader, SkipNav, MAIN_CONTENT_ID};

/// The app ships as four bundles, so that the first page a person opens
/// loads only what it shows: `Public` (home, sign in), `Help` (the help
/// pages: their words are a seventh of the public bundle), `Transfer` (the
/// wizard, where signing in and out ends — My account, a problem, signed
/// out —, the pages behind email links, the dev mailbox) and `Staff` (the
/// help desk's and the program office's pages). `public/boot.js` loads the
/// bundle for the address by the same rule as [`Part::of`]; a link to another
/// bundle's page loads it in full (`components::Link`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Part {
    Public,
    Help,
    Transfer,
    Staff,
}

static CURRENT_BUNDLE: AtomicU8 = AtomicU8::new(Part::Public as u8);

impl Part {
    pub fn of(path: &str) -> Self {
        let under = |roots: &[&str]| roots.iter().any(|root| routes::is_under(path, root));
        if under(&routes::STAFF_BUNDLE) {
            Self::Staff
        } else if under(&routes::TRANSFER_BUNDLE) {
            Self::Transfer
        } else if under(&routes::HELP_BUNDLE) {
            Self::Help
        } else {
            Self::Public
        }
    }

    /// The bundle that is running.
    pub fn current() -> Self {
        match CURRENT_BUNDLE.load(Ordering::Relaxed) {
            n if n == Self::Help as u8 => Self::Help,
            n if n == Self::Transfer as u8 => Self::Transfer,
            n if n == Self::Staff as u8 => Self::Staff,
            _ => Self::Public,
        }
    }

    fn start(self) {
        CURRENT_BUNDLE.store(self as u8, Ordering::Relaxed);
    }

    /// The public pages and the help pages have the small stylesheet, without forms.
    pub fn has_the_public_stylesheet(self) -> bool {
        matches!(self, Self::Public | Self::Help)
    }
}

/// The pages whose HTML is made at build time (`src/bin/prerender.rs`), so
/// that a person on a slow phone reads them before the wasm has arrived.
pub const PRERENDERED: [&str; 7] = [
    routes::HOME,
    routes::HELP,
    routes::SIGN_IN,
    routes::TRANSFER,
    routes::WHAT_IS_LOGIN_GOV,
    routes::HOW_TO_SIGN_IN,
    routes::HELP_DESK,
];

/// Starts the public bundle (`src/bin/public.rs`).
pub fn mount_public() {
    mount(PublicApp);
}

/// Starts the help bundle (`src/bin/help.rs`).
pub fn mount_help() {
    Part::Help.start();
    mount(HelpApp);
}

/// Starts the transfer bundle (`src/bin/transfer.rs`).
pub fn mount_transfer() {
    Part::Transfer.start();
    mount(TransferApp);
}

/// Starts the staff bundle (`src/bin/staff.rs`).
pub fn mount_staff() {
    Part::Staff.start();
    mount(StaffApp);
}

/// Either bundle: panics reported, the page made at build time taken over,
/// the app drawn, the page marked live.
fn mount<View: IntoView + 'static>(app: fn() -> View) {
    report_panics();
    take_over_the_page();
    leptos::mount::mount_to_body(app);
    mark_live();
}

/// A panic (a bug) is written to the browser's console with its message and
/// place, instead of wasm's bare "unreachable".
fn report_panics() {
    std::panic::set_hook(Box::new(|panic| leptos::logging::error!("{panic}")));
}

/// The HTML made at build time gives way to the app in the same task as the
/// app draws the same page, so the browser paints no step in between.
fn take_over_the_page() {
    if let Some(body) = document().body() {
        body.set_inner_html("");
    }
}

/// `<html data-app="live">` once the app runs the page: until then, a page
/// made at build time can be read but its buttons do nothing (the browser
/// tests wait for it before they click).
fn mark_live() {
    if let Some(html) = document().document_element() {
        let _ = html.set_attribute("data-app", "live");
    }
}

/// The HTML of the `<body>` of the page at `path`, and its `<title>`, as the
/// app draws them (without a browser; the build writes them into the page).
#[cfg(feature = "prerender")]
pub fn prerender(path: &str) -> (String, String) {
    use any_spawner::{CustomExecutor, Executor, PinnedFuture, PinnedLocalFuture};
    use leptos::tachys::view::RenderHtml;

    /// Without a browser there is nothing for a page's effects (focus, the
    /// tab's title) and requests to do: what the page spawns is dropped.
    struct NoBrowser;
    impl CustomExecutor for NoBrowser {
        fn spawn(&self, _: PinnedFuture<()>) {}
        fn spawn_local(&self, _: PinnedLocalFuture<()>) {}
        fn poll_local(&self) {}
    }
    // Set once per thread; a second page on the same thread finds it set.
    let _ = Executor::init_local_custom_executor(NoBrowser);

    let part = Part::of(path);
    part.start();
    let body = Owner::new().with(|| {
        provide_context(leptos_router::location::RequestUrl::new(path));
        match part {
            Part::Public => view! { <PublicApp /> }.to_html(),
            Part::Help => view! { <HelpApp /> }.to_html(),
            Part::Transfer => view! { <TransferApp /> }.to_html(),
            Part::Staff => view! { <StaffApp /> }.to_html(),
        }
    });
    // The page's heading, as written (HTML-escaped), names the tab.
    let heading = body.split_once("<h1").and_then(|(_, rest)| rest.split_once('>')).map(|(_, rest)| rest);
    let heading = heading.and_then(|rest| rest.split_once("</h1>")).map_or("", |(text, _)| text);
    (components::document_title(heading), body)
}

/// What every page shares: skip link, banner, header, the page, identifier.
#[component]
fn Shell(children: Children) -> impl IntoView {
    // The examiners' pages carry the transfer deadline; the staff's do not.
    let examiners = Part::current() != Part::Staff;
    if examiners {
        provide_deadline();
    }
    view! {
        <Router>
            <SkipNav />
            <GovBanner />
            {examiners.then(|| view! { <DeadlineSiteAlert /> })}
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
                <Route path=path!("/sign-in") view=pages::SignIn />
            </Routes>
        </Shell>
    }
}

#[component]
fn HelpApp() -> impl IntoView {
    view! {
        <Shell>
            <Routes fallback=pages::NotFound>
                <Route path=path!("/help") view=pages::Help />
                <Route path=path!("/help/login-gov") view=pages::WhatIsLoginGov />
                <Route path=path!("/help/how-to-sign-in") view=pages::HowToSignIn />
                <Route path=path!("/help/contact") view=pages::HelpDesk />
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
                <Route path=path!("/sign-in/confirm") view=pages::SignInConfirm />
                <Route path=path!("/work-for") view=pages::WorkFor />
                <Route path=path!("/work-for/:grant") view=pages::WorkForExaminer />
            </Routes>
        </Shell>
    }
}

#[component]
fn StaffApp() -> impl IntoView {
    view! {
        <Shell>
            <Routes fallback=pages::NotFound>
                <Route path=path!("/staff") view=pages::StaffHome />
                <Route path=path!("/staff/accounts/:id") view=pages::StaffAccount />
                <Route path=path!("/staff/funnel") view=pages::StaffFunnel />
                <Route path=path!("/staff/campaigns") view=pages::StaffCampaigns />
                <Route path=path!("/staff/campaigns/:id") view=pages::StaffCampaign />
                <Route path=path!("/staff/members") view=pages::StaffMembers />
                <Route path=path!("/staff/members/:id") view=pages::StaffMember />
            </Routes>
        </Shell>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_page_is_in_the_bundle_of_its_part_and_the_rest_in_the_public_one() {
        for path in [
            routes::TRANSFER,
            routes::TRANSFER_IDENTIFY,
            "/transfer/fix/abc",
            "/dev/mailbox",
            routes::ACCOUNT,
            "/account/email/confirm/abc",
            "/sign-in/problem/no-match",
            routes::SIGN_IN_CONFIRM,
            routes::SIGNED_OUT,
            routes::WORK_FOR,
            "/work-for/12",
        ] {
            assert_eq!(Part::of(path), Part::Transfer, "{path}");
        }
        for path in [routes::HOME, routes::SIGN_IN, "/transfers-elsewhere", "/developers", "/accounts", "/helpers"] {
            assert_eq!(Part::of(path), Part::Public, "{path}");
        }
        for path in [routes::HELP, routes::HELP_DESK, routes::WHAT_IS_LOGIN_GOV, routes::HOW_TO_SIGN_IN] {
            assert_eq!(Part::of(path), Part::Help, "{path}");
            assert!(Part::of(path).has_the_public_stylesheet(), "{path}");
        }
        for path in [routes::STAFF, routes::STAFF_FUNNEL, "/staff/accounts/12"] {
            assert_eq!(Part::of(path), Part::Staff, "{path}");
        }
        assert_eq!(Part::of("/staffing"), Part::Public);
    }

    #[test]
    fn the_page_without_javascript_names_the_help_desk_as_the_app_does() {
        let html = include_str!("../../public/index.html");
        for contact in [domain::help_desk::EMAIL_LINK, domain::help_desk::EMAIL, domain::help_desk::PHONE] {
            assert!(html.contains(contact), "{contact}");
        }
    }

    /// Every page the app links to is a route of its router (`Page not found` otherwise).
    #[cfg(feature = "prerender")]
    #[test]
    fn every_page_of_the_routes_is_a_route_of_the_app() {
        let token = "ab".repeat(32);
        let pages = [
            routes::HOME,
            routes::HELP,
            routes::WHAT_IS_LOGIN_GOV,
            routes::HOW_TO_SIGN_IN,
            routes::HELP_DESK,
            routes::SIGN_IN,
            routes::TRANSFER,
            routes::ACCOUNT,
            routes::SIGNED_OUT,
            routes::SIGN_IN_CONFIRM,
            routes::DEV_MAILBOX,
            routes::STAFF,
            routes::STAFF_FUNNEL,
            routes::STAFF_MEMBERS,
            routes::STAFF_CAMPAIGNS,
            routes::WORK_FOR,
        ]
        .map(str::to_owned)
        .into_iter()
        .chain(
            [routes::TRANSFER_FIX, routes::TRANSFER_CONFIRM, routes::EMAIL_CHANGE_CONFIRM].map(|l| l.page.with(&token)),
        )
        .chain([
            routes::SIGN_IN_PROBLEM.with("no-match"),
            routes::STAFF_ACCOUNT.with("12"),
            routes::STAFF_MEMBER.with("3"),
            routes::STAFF_CAMPAIGN.with("5"),
            routes::WORK_FOR_EXAMINER.with("4"),
        ]);
        for path in pages {
            let (title, _) = prerender(&path);
            assert!(!title.starts_with("Page not found"), "{path} is not a route of the app");
        }
        assert!(prerender("/no-such-page").0.starts_with("Page not found"));
    }
}
