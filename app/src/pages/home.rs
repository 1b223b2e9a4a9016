//! The registry's home page: what has changed, and where to go.

use leptos::prelude::*;

use crate::components::{DeadlineReminder, Link, Page};
use domain::routes;

#[component]
pub fn Home() -> impl IntoView {
    view! {
        <Page title="National Registry of Certified Medical Examiners">
            <p class="usa-intro">
                "The National Registry lists the medical examiners who may certify the physical qualifications of commercial motor vehicle drivers."
            </p>
            <div class="usa-alert usa-alert--info" role="region" aria-label="National Registry System Login">
                <div class="usa-alert__body">
                    <h2 class="usa-alert__heading">"Sign in with login.gov"</h2>
                    <p class="usa-alert__text">
                        "All medical examiners listed on the National Registry must create an account with login.gov to access their National Registry account. "
                        "Nothing stored in your National Registry account changes: once you create a login.gov account, our system links it to your National Registry account."
                    </p>
                </div>
            </div>
            <DeadlineReminder />
            <h2>"What do I need to do?"</h2>
            <ul>
                <li>
                    <strong>"If you do not have a login.gov account yet: "</strong>
                    "select Sign in, then Transfer or Create Account, and follow the steps. "
                    <Link href=routes::HOW_TO_SIGN_IN>"See how to sign in, step by step"</Link> "."
                </li>
                <li>
                    <strong>"If you already have a login.gov account: "</strong>
                    "select Sign in, then Log in, and sign in to login.gov with your National Registry account’s primary or secondary email address."
                </li>
            </ul>
            <p>
                <Link href=routes::WHAT_IS_LOGIN_GOV>"What is login.gov and why do I have to create an account?"</Link>
            </p>
            <p>
                "Questions? " <Link href=routes::HELP_DESK>"Contact the FMCSA Help Desk"</Link> "."
            </p>
        </Page>
    }
}
