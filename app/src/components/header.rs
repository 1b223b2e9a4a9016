//! The site header (USWDS basic header): the registry's name, the help pages,
//! and "Sign in" at the top right — or, for an examiner signed in, "My account"
//! and "Sign out". On a phone the help pages (and Sign out) fold into a menu,
//! and "Sign in" or "My account" stays on the first screen, beside it. The
//! staff pages have their own title and pages, and no "Sign in" for examiners.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{Link, USWDS_IMG};
use crate::{api, Part};
use domain::routes;
use domain::session::SIGNED_IN_COOKIE;

const NAV: [(&str, &str); 4] = [
    (routes::HELP, "Support"),
    (routes::HOW_TO_SIGN_IN, "How to sign in"),
    (routes::WHAT_IS_LOGIN_GOV, "About login.gov"),
    (routes::HELP_DESK, "Help desk"),
];

/// The examiner's session's CSRF token, once the registry has said that they
/// are signed in (to the header, or to My account, which asks for itself): the
/// header then offers My account and Sign out instead of Sign in.
#[derive(Debug, Clone, Copy)]
pub struct SignedInHere(pub RwSignal<Option<String>>);

/// Whether an examiner's session was started in this browser. Only then does
/// the header ask the registry, so a visitor's pages ask nothing.
fn session_started_here() -> bool {
    let cookies = document().dyn_into::<web_sys::HtmlDocument>().ok().and_then(|page| page.cookie().ok());
    cookies.is_some_and(|cookies| {
        cookies.split(';').any(|pair| pair.trim().split_once('=').is_some_and(|(name, _)| name == SIGNED_IN_COOKIE))
    })
}

/// The staff pages' header: their own pages, and no examiner's "Sign in".
const STAFF_NAV: [(&str, &str); 4] = [
    (routes::STAFF, "Staff home"),
    (routes::STAFF_FUNNEL, "Migration funnel"),
    (routes::STAFF_CAMPAIGNS, "Reminder campaigns"),
    (routes::STAFF_MEMBERS, "Staff list"),
];

#[component]
pub fn SiteHeader() -> impl IntoView {
    let staff = Part::current() == Part::Staff;
    let (nav, title): (&[(&str, &str)], _) = if staff {
        (&STAFF_NAV, "National Registry staff")
    } else {
        (&NAV, "National Registry of Certified Medical Examiners")
    };
    let home = if staff { routes::STAFF } else { routes::HOME };
    let signed_in = RwSignal::new(None::<String>);
    provide_context(SignedInHere(signed_in));
    // Once, in the browser; My account reads the session itself and says.
    Effect::new(move |_| {
        let path = window().location().pathname().unwrap_or_default();
        if !staff && !routes::is_under(&path, routes::ACCOUNT) && session_started_here() {
            leptos::task::spawn_local(async move {
                if let Some(csrf_token) = api::session_token().await {
                    signed_in.set(Some(csrf_token));
                }
            });
        }
    });
    // "Sign in", or for a person signed in, "My account".
    let account_link = move |class: &'static str| {
        move || {
            if signed_in.get().is_some() {
                view! { <Link href=routes::ACCOUNT class=class>"My account"</Link> }.into_any()
            } else {
                view! { <Link href=routes::SIGN_IN class=class>"Sign in"</Link> }.into_any()
            }
        }
    };
    let menu_open = RwSignal::new(false);
    // Following a link, or Escape, closes the phone menu.
    let close = move |_: ev::MouseEvent| menu_open.set(false);
    let close_on_escape = move |key: ev::KeyboardEvent| {
        if key.key() == "Escape" {
            menu_open.set(false);
        }
    };

    view! {
        <div class="usa-overlay" class:is-visible=menu_open on:click=close></div>
        <header class="usa-header usa-header--basic">
            <div class="usa-nav-container">
                <div class="usa-navbar">
                    <div class="usa-logo">
                        <em class="usa-logo__text">
                            <Link href=home attr:title="Home">{title}</Link>
                        </em>
                    </div>
                    {(!staff).then(|| account_link("usa-button registry-header__sign-in registry-header__sign-in--phone"))}
                    <button type="button" class="usa-menu-btn" aria-controls="site-nav" on:click=move |_| menu_open.set(true)>
                        "Menu"
                    </button>
                </div>
                <nav id="site-nav" aria-label="Primary" class="usa-nav" class:is-visible=menu_open on:keydown=close_on_escape>
                    <button type="button" class="usa-nav__close" on:click=close>
                        <img loading="lazy" src=format!("{USWDS_IMG}/usa-icons/close.svg") role="img" alt="Close" />
                    </button>
                    <ul class="usa-nav__primary usa-accordion">
                        {nav.iter().map(|&(href, label)| view! {
                            <li class="usa-nav__primary-item">
                                <Link href=href class="usa-nav-link" on:click=close>
                                    <span>{label}</span>
                                </Link>
                            </li>
                        }).collect_view()}
                    </ul>
                    // login.gov asks for "Sign in", top right, and no external-link icon.
                    {(!staff).then(|| account_link("usa-button registry-header__sign-in registry-header__sign-in--desktop"))}
                    {move || signed_in.get().map(|csrf_token| view! {
                        <form method="post" action=routes::LOGOUT class="registry-header__sign-out">
                            <input type="hidden" name="csrf_token" value=csrf_token />
                            <button type="submit" class="usa-button usa-button--outline">"Sign out"</button>
                        </form>
                    })}
                </nav>
            </div>
        </header>
    }
}
