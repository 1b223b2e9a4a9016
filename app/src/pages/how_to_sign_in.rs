//! "How to sign in": the step by step of the announcement "National Registry
//! System Login".

use domain::help_desk;
use leptos::prelude::*;

use crate::components::{Link, Page};
use domain::routes;

/// (what to do, what happens or what it needs)
type Step = (&'static str, &'static str);

const TRANSFER_STEPS: [Step; 5] = [
    ("Select Sign in.", "Sign in is at the top right of every National Registry page."),
    ("On the National Registry login page, select Transfer or Create Account.", ""),
    (
        "Select the Account Type.",
        "Medical Examiner: you need your National Registry number, your professional license number and the State that issued it. \
         Medical Examiner Administrative Assistant or Third Party: you need the National Registry number of the examiner you work for \
         and the email address on file for your own account.",
    ),
    (
        "Select Submit.",
        "A message on the screen says: “Details on how to proceed have been sent to the email address on file, if it exists.”",
    ),
    (
        "Open the email from the National Registry.",
        "“Your account was migrated successfully”: select the button in the email to go to login.gov, then select the Create Account link. \
         “Your account was NOT migrated successfully”: your email address was duplicated in our system; select the button in the email \
         to update your profile with a new unique email address.",
    ),
];

const CREATE_LOGIN_GOV_STEPS: [Step; 8] = [
    ("Select “Create Account”, enter your email address and select “Submit”.", "Use your National Registry account’s primary or secondary email address."),
    ("Confirm your email address.", "Open the email from login.gov and select “Confirm”."),
    ("Create a password and select “Continue”.", ""),
    (
        "Give a phone number for your security code.",
        "You will be sent a verification code by text message or phone call, as you choose.",
    ),
    (
        "Enter the one-time code on the screen that says “Enter Your Security Code”.",
        "If you always use the same computer to access your account, select “remember for 30 days” so you don’t have to get a new security code each time you log in.",
    ),
    (
        "Store your personal key.",
        "Save or print it: you will need it if you ever have to recover your account. Then enter it and select “Continue”.",
    ),
    ("Sign in to the National Registry.", "You are brought back to the National Registry, signed in with your login.gov account."),
    ("Review your National Registry account.", "Make sure all your information is accurate."),
];

const EXISTING_ACCOUNT_STEPS: [Step; 3] = [
    ("Select Sign in, then select Log in on the next page.", "You are directed to login.gov."),
    ("Select Sign in and enter your login.gov email address and password.", ""),
    (
        "Enter your security code.",
        "Enter the one-time code sent to your phone on the screen that says “Enter Your Security Code”.",
    ),
];

#[component]
fn Steps(steps: &'static [Step]) -> impl IntoView {
    view! {
        <ol class="usa-process-list">
            {steps.iter().map(|(action, detail)| view! {
                <li class="usa-process-list__item">
                    <p class="usa-process-list__heading">{*action}</p>
                    {(!detail.is_empty()).then(|| view! { <p>{*detail}</p> })}
                </li>
            }).collect_view()}
        </ol>
    }
}

#[component]
pub fn HowToSignIn() -> impl IntoView {
    view! {
        <Page title="How to sign in">
            <p class="usa-intro">
                "All medical examiners listed on the National Registry must create an account with login.gov to access their National Registry account. "
                "After your login.gov account has been linked to your National Registry account, you use your login.gov email address, password, and security code each time you sign in."
            </p>

            <h2>"If you do not already have a login.gov account"</h2>
            <h3>"First, transfer your National Registry account"</h3>
            <Steps steps=&TRANSFER_STEPS />
            <h3>"Then, create your login.gov account"</h3>
            <Steps steps=&CREATE_LOGIN_GOV_STEPS />
            <p>"Each time you want to access your National Registry account, select Sign in and enter your login.gov email and password."</p>

            <h2>"If you already have a login.gov account"</h2>
            <Steps steps=&EXISTING_ACCOUNT_STEPS />

            <p>
                <Link href=routes::WHAT_IS_LOGIN_GOV>"Why do I have to create a login.gov account?"</Link>
            </p>
            <p>
                "If you have any questions about this process or need assistance, "
                <Link href=routes::HELP_DESK>"contact the FMCSA Help Desk"</Link>
                {format!(" at {} or {}.", help_desk::EMAIL, help_desk::PHONE)}
            </p>
        </Page>
    }
}
