//! "How to sign in": the step by step of the announcement "National Registry
//! System Login".

use leptos::prelude::*;

use crate::components::{Link, Page, PageUpdated, TheHelpDesk};
use domain::routes;

/// (what to do, what happens or what it needs)
type Step = (&'static str, &'static str);

/// Both paths meet login.gov's security code, in the notice's words.
const SECURITY_CODE: Step = (
    "Once you receive the one-time code, enter it on the screen that says “Enter Your Security Code”.",
    "Important note: If you will always be using the same computer to access your account, select the box that states \
     “remember for 30 days” so you don’t have to get a new security code each time you log in.",
);
const BY_TEXT_OR_CALL: &str = "You will be sent the code by text message or phone call, as you choose.";

const TRANSFER_STEPS: [Step; 5] = [
    (
        "Select Sign in.",
        "Sign in is at the top right of every National Registry page, on a phone too.",
    ),
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
        "You will receive one of two emails.",
        "“Your account was migrated successfully”. Your email address has been migrated to use login.gov. Select the button in the \
         email to go to login.gov; when on the site, select the Create Account link to register your account. \
         “Your account was NOT migrated successfully”. Your email address was duplicated in our system. Select the button in the email \
         to update your profile with a new unique email address; we send a link to that address to confirm it, then the first email.",
    ),
];

const CREATE_LOGIN_GOV_STEPS: [Step; 12] = [
    ("Select the “Create an account” link.", "The button in our email opens login.gov’s sign-in page, where this link is."),
    (
        "Enter your email address and select “Submit”.",
        "Use your National Registry account’s primary or secondary email address: the one our email was sent to.",
    ),
    ("A message on the screen says that an email was sent so you can confirm your email address.", ""),
    ("Go into your email, open the email from login.gov and select “Confirm” your email address.", ""),
    ("Create a password and select “Continue”.", ""),
    (
        "Give a phone number where you will be sent a verification code.",
        BY_TEXT_OR_CALL,
    ),
    SECURITY_CODE,
    (
        "Store your personal key.",
        "A personal key is provided for you to save or print. It will be necessary if there is ever a need to recover your account, so please save the key.",
    ),
    ("Enter your personal key and select “Continue”.", "The screen displays your account information."),
    (
        "login.gov brings you back to the National Registry, which asks: “Is this your National Registry account?”",
        "It shows the name and National Registry number of the account that has your email address. If they are yours, select \
         “Yes, this is my account”: your login.gov account is linked, and you are signed in. If they are not, select “This is not \
         my account”: nothing is linked, and the help desk will help you.",
    ),
    ("Review your National Registry account to make sure all your information is accurate.", ""),
    (
        "Each time you want to access your National Registry account, select Sign in, then Log in.",
        "Enter your login.gov email address, password and security code.",
    ),
];

const EXISTING_ACCOUNT_STEPS: [Step; 5] = [
    (
        "Select Sign in, then select Log in on the next page.",
        "You do not need Transfer or Create Account first. You are directed to login.gov.",
    ),
    ("Select Sign in and enter your login.gov email address and password.", ""),
    (
        "If asked, give a phone number where you will be sent a verification code.",
        BY_TEXT_OR_CALL,
    ),
    SECURITY_CODE,
    (
        "The first time, the National Registry asks: “Is this your National Registry account?”",
        "When your login.gov email address is your National Registry account’s primary or secondary email address, the system finds \
         your account. Check the name and number shown and select “Yes, this is my account”. If the address is used by more than one \
         account, you are told how to give your account an address of its own.",
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

/// A picture of one of the registry's screens (`public/screens/`, made by
/// `scripts/help-screens` from a running system): its file and what it shows.
type Screen = (&'static str, &'static str);

const TRANSFER_SCREENS: [Screen; 4] = [
    ("sign-in", "The Sign in page: Log in, for a person who has a login.gov account, and Transfer or Create Account."),
    ("account-type", "Transfer or Create Account, step 1 of 3: the account types Medical Examiner, Medical Examiner Administrative Assistant and Third Party."),
    ("identify", "Step 2 of 3: the National Registry number, the professional license number and the State that issued it, filled in."),
    ("submitted", "Step 3 of 3: Details on how to proceed have been sent to the email address on file, if it exists."),
];

const BACK_AT_THE_REGISTRY_SCREENS: [Screen; 2] = [
    ("is-this-your-account", "Is this your National Registry account? The name and National Registry number of the account found, and the button Yes, this is my account."),
    ("my-account", "My account: the reminder to review your information, and your National Registry information."),
];

/// The screens, side by side where there is room; loaded only when scrolled to.
#[component]
fn Screens(screens: &'static [Screen]) -> impl IntoView {
    view! {
        <ul class="registry-screens">
            {screens.iter().map(|(file, shows)| view! {
                <li>
                    <img src=format!("/screens/{file}.jpg") alt=*shows width="390" height="640" loading="lazy" decoding="async" />
                </li>
            }).collect_view()}
        </ul>
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
            <Screens screens=&TRANSFER_SCREENS />
            <h3>"Then, create your login.gov account"</h3>
            <Steps steps=&CREATE_LOGIN_GOV_STEPS />
            <Screens screens=&BACK_AT_THE_REGISTRY_SCREENS />
            <h3>"If your email address is used by more than one account"</h3>
            <p>
                "Each person needs a National Registry account and an email address of their own. The email “Your account \
                 was NOT migrated successfully” has a button to give your account a new email address that only you use. \
                 We send a link to that address; select it to confirm the address, and your account is migrated. Then \
                 create your login.gov account with that new address."
            </p>

            <h2>"If you already have a login.gov account"</h2>
            <Steps steps=&EXISTING_ACCOUNT_STEPS />

            <p>
                <Link href=routes::WHAT_IS_LOGIN_GOV>"Why do I have to create a login.gov account?"</Link>
            </p>
            <p>
                "If you have any questions about this process or need assistance, contact "
                <TheHelpDesk /> ", or read "
                <Link href=routes::HELP_DESK>"when to contact the help desk"</Link> "."
            </p>
            <PageUpdated />
        </Page>
    }
}
