//! Where a sign-in that made no session ends: what happened, in plain words,
//! and what to do (`/sign-in/problem/{code}`, codes of `SignInProblem`).

use domain::sign_in::SignInProblem;
use leptos::prelude::*;
use leptos::Params;
use leptos_router::hooks::use_params;
use leptos_router::params::Params;

use crate::components::{Link, Page, TheHelpDesk};
use domain::routes;

/// `/sign-in/problem/:code`.
#[derive(Params, Clone, PartialEq)]
struct ProblemAddress {
    code: SignInProblem,
}

#[component]
pub fn SignInProblemPage() -> impl IntoView {
    // An address that names no problem gets the most general page.
    let problem = use_params::<ProblemAddress>().get_untracked().map_or(SignInProblem::NotVerified, |a| a.code);
    let transfer_first = matches!(problem, SignInProblem::NoMatch | SignInProblem::SharedEmail);
    view! {
        <Page title=problem.heading()>
            <div class="usa-alert usa-alert--warning" role="alert">
                <div class="usa-alert__body">
                    <p class="usa-alert__text">"You are not signed in to the National Registry."</p>
                </div>
            </div>
            {problem.explanation().iter().map(|paragraph| view! { <p>{*paragraph}</p> }).collect_view()}
            <ul class="usa-button-group">
                {transfer_first.then(|| view! {
                    <li class="usa-button-group__item"><Link href=routes::TRANSFER class="usa-button">"Start Transfer or Create Account"</Link></li>
                })}
                <li class="usa-button-group__item">
                    <a class="usa-button usa-button--outline" href=routes::LOGIN_GOV rel="external">"Try signing in again"</a>
                </li>
            </ul>
            <p>
                "Questions? Contact " <TheHelpDesk /> ". "
                <Link href=routes::WHAT_IS_LOGIN_GOV>"What email address do I use to create a login.gov account?"</Link>
            </p>
        </Page>
    }
}
