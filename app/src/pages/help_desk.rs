//! How to reach the FMCSA Help Desk.

use domain::help_desk;
use leptos::prelude::*;

use crate::components::{Page, PageUpdated};

#[component]
pub fn HelpDesk() -> impl IntoView {
    view! {
        <Page title="Contact the help desk">
            <p class="usa-intro">
                "If you have any questions about signing in with login.gov or need assistance, contact the FMCSA Help Desk."
            </p>
            <div class="usa-summary-box" role="region" aria-labelledby="help-desk-contact">
                <div class="usa-summary-box__body">
                    <h2 class="usa-summary-box__heading" id="help-desk-contact">"FMCSA Help Desk"</h2>
                    <div class="usa-summary-box__text">
                        <ul class="usa-list usa-list--unstyled">
                            <li>"Email: " <a class="usa-link" href=help_desk::EMAIL_LINK>{help_desk::EMAIL}</a></li>
                            <li>"Phone: " <a class="usa-link" href=help_desk::PHONE_LINK>{help_desk::PHONE}</a></li>
                        </ul>
                    </div>
                </div>
            </div>
            <h2>"What to tell us"</h2>
            <ul>
                <li>"Your name and your National Registry number."</li>
                <li>"What you were trying to do, and the message the site showed you."</li>
            </ul>
            <p>
                <strong>"Never send your password, your login.gov personal key or a security code."</strong>
                " The help desk will never ask for them."
            </p>
            <PageUpdated />
        </Page>
    }
}
