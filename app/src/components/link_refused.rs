//! Pages behind a link from an email: the link is checked first, and a
//! person whose link no longer works is told why and offered to start over.

use std::future::Future;

use domain::link::{LinkStatus, UsableLink};
use domain::link_token::LinkToken;
use leptos::prelude::*;
use leptos::Params;
use leptos_router::hooks::{use_location, use_params};
use leptos_router::params::Params;

use super::{Link, Page};
use crate::api::ApiFailure;
use domain::routes;

/// A link page's address: `…/:token`.
#[derive(Params, Clone, PartialEq)]
struct LinkAddress {
    token: LinkToken,
}

/// The page for the `:token` of the route: `usable(token, link)` once
/// `check(token)` says the link works, [`LinkRefused`] otherwise (at once, for
/// an address whose last segment is no token).
pub fn page_behind_link<Checking>(
    title: &'static str,
    check: fn(LinkToken) -> Checking,
    usable: fn(LinkToken, UsableLink) -> AnyView,
) -> impl IntoView
where
    Checking: Future<Output = Result<UsableLink, ApiFailure>> + 'static,
{
    let content = match use_params::<LinkAddress>().get_untracked() {
        Ok(LinkAddress { token }) => {
            let link = LocalResource::new({
                let token = token.clone();
                move || check(token.clone())
            });
            view! {
                <Suspense fallback=|| view! { <p>"Checking your link…"</p> }>
                    {move || link.get().map(|answer| match answer {
                        Ok(link) => usable(token.clone(), link),
                        Err(refusal) => view! { <LinkRefused message=refusal.message() /> }.into_any(),
                    })}
                </Suspense>
            }
            .into_any()
        }
        Err(_) => view! { <LinkRefused message=LinkStatus::Unknown.message().to_owned() /> }.into_any(),
    };
    view! { <Page title=title>{content}</Page> }
}

/// Where to ask for a new link: My account for an email change, Transfer or Create Account otherwise.
#[component]
pub fn LinkRefused(message: String) -> impl IntoView {
    let from_my_account = use_location().pathname.get_untracked().starts_with("/account/");
    let (again, href, button) = if from_my_account {
        ("You can ask again: sign in and change your email address on My account.", routes::ACCOUNT, "Go to My account")
    } else {
        (
            "You can start again: Transfer or Create Account sends a new email with a new link.",
            routes::TRANSFER,
            "Start Transfer or Create Account again",
        )
    };
    view! {
        <div class="usa-alert usa-alert--warning" role="alert">
            <div class="usa-alert__body">
                <h2 class="usa-alert__heading">"This link does not work"</h2>
                <p class="usa-alert__text">{message}</p>
            </div>
        </div>
        <p>{again}</p>
        <p><Link href=href class="usa-button">{button}</Link></p>
        <p>"Need help? " <Link href=routes::HELP_DESK>"Contact the FMCSA Help Desk"</Link> "."</p>
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

/// Why a request failed (not a field's mistake: those go next to the field).
#[component]
pub fn ErrorNotice(message: String) -> impl IntoView {
    view! {
        <div class="usa-alert usa-alert--error" role="alert">
            <div class="usa-alert__body"><p class="usa-alert__text">{message}</p></div>
        </div>
    }
}
