//! `/help`: the Support page the FAQ names — where to start, the step by step,
//! the FAQ, what to do when something goes wrong, and the help desk.

use leptos::prelude::*;

use crate::components::{Link, Page, PageUpdated, TheHelpDesk};
use domain::routes;

/// (when this happens, what to do): the questions the help desk hears most.
const WHAT_TO_DO_WHEN: [(&str, &str); 7] = [
    (
        "No email came after Transfer or Create Account",
        "Look in your spam or junk folder. Then check the National Registry number, the professional license number and \
         the State you entered: a detail typed differently from the registry's sends nothing. Start Transfer or Create \
         Account again. If the email address on file is no longer yours, contact the help desk.",
    ),
    (
        "The email says “Your account was NOT migrated successfully”",
        "Your email address is the address of more than one National Registry account. Select the button in the email and \
         give your account an email address that only you use; confirm it from that inbox. Then use that address at login.gov.",
    ),
    (
        "You already have a login.gov account",
        "Select Sign in, then Log in. If your login.gov email address is your National Registry account’s primary or \
         secondary email address, the National Registry finds your account and asks you to confirm that it is yours.",
    ),
    (
        "The National Registry shows an account that is not yours",
        "Select “This is not my account”. Nothing is linked. Contact the help desk: do not sign in again with the same \
         login.gov account until then.",
    ),
    (
        "The National Registry cannot find your account when you sign in",
        "Sign in to login.gov with the email address on file in your National Registry account, or add that address to \
         your login.gov account. If you do not know which address is on file, start Transfer or Create Account: we send \
         the next steps to it.",
    ),
    (
        "You were signed out",
        "For your security, you are signed out after 30 minutes without activity, and after 12 hours. Two minutes before, \
         a message lets you stay signed in. Sign in again to continue.",
    ),
    (
        "You cannot sign in to login.gov (password, phone or personal key)",
        "login.gov manages your password, security code and personal key: use “Forgot your password?” on login.gov’s \
         sign-in page, or login.gov’s own help. The National Registry cannot reset them.",
    ),
];

#[component]
pub fn Help() -> impl IntoView {
    view! {
        <Page title="National Registry Support">
            <p class="usa-intro">
                "All medical examiners listed on the National Registry must create an account with login.gov to access their \
                 National Registry account. This page gathers the help for it."
            </p>
            <h2>"Start here"</h2>
            <ul class="usa-list">
                <li><Link href=routes::HOW_TO_SIGN_IN>"How to sign in, step by step"</Link>
                    ": if you do not have a login.gov account yet, and if you already have one, with pictures of each screen."</li>
                <li><Link href=routes::WHAT_IS_LOGIN_GOV>"What is login.gov and why do I have to create an account?"</Link>
                    ": which email address to use, and why not a .gov, .mil or .edu address."</li>
                <li><Link href=routes::SIGN_IN>"Sign in"</Link>": Log in, or Transfer or Create Account."</li>
            </ul>
            <h2>"What to do when"</h2>
            <dl class="registry-what-to-do">
                {WHAT_TO_DO_WHEN.iter().map(|(when, what)| view! {
                    <dt>{*when}</dt>
                    <dd>{*what}</dd>
                }).collect_view()}
            </dl>
            <h2>"Contact the help desk"</h2>
            <p>
                "If you have any questions about this process or need assistance, contact " <TheHelpDesk /> ". "
                <Link href=routes::HELP_DESK>"What to tell the help desk"</Link> "."
            </p>
            <PageUpdated />
        </Page>
    }
}
