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

/// How an assistant or a third party comes to work for an examiner.
const FOR_ASSISTANTS: [(&str, &str); 4] = [
    (
        "Sign in with login.gov on Examiners you work for.",
        "If you do not have a login.gov account yet, login.gov's sign-in page has “Create an account”.",
    ),
    (
        "Ask each examiner you work for, by their National Registry number.",
        "Give your full name and, for a Third Party, your organization. We email the examiner; we never say whether a \
         number is an examiner's.",
    ),
    (
        "The examiner approves or declines on their My account.",
        "We email you their answer. They choose how long your access lasts, and can revoke it at any time.",
    ),
    (
        "Choose the examiner you are working for.",
        "You see their National Registry information. You cannot change it, nor their email addresses or their \
         login.gov account. Each time you look, the examiner can see it.",
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
            <h2 id="assistants-and-third-parties">"For assistants and third parties"</h2>
            <p>
                "A Medical Examiner Administrative Assistant or a Third Party works for examiners with their own \
                 login.gov account: one account, however many examiners they work for. Each person must have their own \
                 login.gov account; do not use an examiner's."
            </p>
            <ol class="usa-process-list">
                {FOR_ASSISTANTS.iter().map(|(step, more)| view! {
                    <li class="usa-process-list__item">
                        <p class="usa-process-list__heading">{*step}</p>
                        <p>{*more}</p>
                    </li>
                }).collect_view()}
            </ol>
            <p><Link href=routes::WORK_FOR>"Examiners you work for"</Link></p>
            <h2>"Contact the help desk"</h2>
            <p>
                "If you have any questions about this process or need assistance, contact " <TheHelpDesk /> ". "
                <Link href=routes::HELP_DESK>"What to tell the help desk"</Link> "."
            </p>
            <PageUpdated />
        </Page>
    }
}
