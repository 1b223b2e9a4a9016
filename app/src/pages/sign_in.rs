//! The National Registry login page: two choices, and who each is for.

use leptos::prelude::*;

use crate::components::{DeadlineReminder, IdleSignOutNotice, Link, Page};
use domain::routes;

#[component]
pub fn SignIn() -> impl IntoView {
    view! {
        <Page title="Sign in">
            <IdleSignOutNotice />
            <p class="usa-intro">"The National Registry uses login.gov to sign you in."</p>
            <DeadlineReminder />
            <ul class="usa-card-group">
                <li class="usa-card tablet:grid-col-6">
                    <div class="usa-card__container">
                        <div class="usa-card__header"><h2 class="usa-card__heading">"Log in"</h2></div>
                        <div class="usa-card__body">
                            <p>"Choose this if you already have a login.gov account with the email address of your National Registry account."</p>
                        </div>
                        <div class="usa-card__footer">
                            // The worker's route to login.gov: a full page load, not the app's router.
                            <a class="usa-button" href=routes::LOGIN_GOV rel="external">"Log in"</a>
                        </div>
                    </div>
                </li>
                <li class="usa-card tablet:grid-col-6">
                    <div class="usa-card__container">
                        <div class="usa-card__header"><h2 class="usa-card__heading">"Transfer or Create Account"</h2></div>
                        <div class="usa-card__body">
                            <p>"Choose this if you do not have a login.gov account yet: we first move your National Registry account to login.gov."</p>
                        </div>
                        <div class="usa-card__footer">
                            <Link href=routes::TRANSFER class="usa-button usa-button--outline">"Transfer or Create Account"</Link>
                        </div>
                    </div>
                </li>
            </ul>
            <p><Link href=routes::WHAT_IS_LOGIN_GOV>"What is login.gov and why do I have to create an account?"</Link></p>
        </Page>
    }
}
