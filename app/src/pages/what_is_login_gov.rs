//! The FAQ "What is login.gov and why do I have to create an account?", in the
//! words of the registry's notice.

use leptos::prelude::*;

use crate::components::{Link, Page, PageUpdated};
use domain::routes;

#[component]
pub fn WhatIsLoginGov() -> impl IntoView {
    view! {
        <Page title="What is login.gov and why do I have to create an account?">

            <h2>"What is login.gov?"</h2>
            <p>
                "Login.gov is a service that offers secure and private online access to government programs, such as federal benefits, services and applications. "
                "With a login.gov account, you can sign into multiple government websites with the same email address and password."
            </p>

            <h2>"Why is the National Registry using login.gov?"</h2>
            <p>
                "Login.gov uses two-factor authentication and stronger passwords that meet new National Institute of Standards and Technology requirements for secure validation and verification. "
                "By using login.gov, you will get an extra layer of security to help protect your National Registry account against security breaches."
            </p>

            <h2>"What will happen to my National Registry account profile?"</h2>
            <p>"Nothing will happen to the information stored in your National Registry account."</p>
            <p>
                "Once you create a login.gov account, the system will link it to your National Registry account. "
                "The only difference is that you must use your login.gov email address, password, and security code to sign into your National Registry account."
            </p>

            <h2>"What do I need to do?"</h2>
            <p>
                "Follow the " <Link href=routes::HOW_TO_SIGN_IN>"step by step instructions"</Link>
                " to learn how to create a login.gov account and/or link your National Registry account to your login.gov account."
            </p>

            <h2>"What email address do I use to create a login.gov account?"</h2>
            <p>
                "You must use your primary or secondary National Registry account email address to create your login.gov account. "
                "When you use the same email that you use for your National Registry account, the system will automatically link your National Registry account to your login.gov account."
            </p>
            <p>
                "If you use a different email address when creating a login.gov account, the system will not be able to automatically link your accounts. "
                "However, your National Registry account primary or secondary email address can be used to help you recover your account."
            </p>
            <p>
                "We recommend that you do not use a .gov, .mil, or .edu email address. "
                "You should use a personal (non-government) email address that you do NOT share with someone else when you create your login.gov account. "
                "You will no longer have a username to log into the National Registry. Instead, you will be using your email address. "
                "Therefore, it is important that you use an email address that is not shared with others and you are the only one with access."
            </p>

            <h2>"Why shouldn’t I use a .gov, .edu, or .mil email address?"</h2>
            <p>
                "If you use a .gov, .edu, or .mil email address as your primary email address, when you leave the government or military position or school, you will no longer have access to that email address. "
                "Without access to that email address, it will be much more difficult to verify who you are, if you need to reset your password. "
                "In addition, you will not receive emails about important National Registry information."
            </p>
            <p>
                "Using a personal email address that you control (such as a Gmail account) is the best way to ensure that you always receive important National Registry messaging and account information."
            </p>

            <h2>"What if I currently use a .gov, .mil, or .edu email address for the primary email address on my National Registry account?"</h2>
            <p>
                "If you currently use a .gov, .mil, or .edu email address for your National Registry account, you should change it AFTER you have created your login.gov account."
            </p>

            <h2>"Can I use a different email address from my National Registry account email address, when creating a login.gov account?"</h2>
            <p>
                "When you first create a login.gov account, you need to use the same email address you currently use for your National Registry account. "
                "This will let the system link your National Registry account to your login.gov account. "
                "If you want to change your email address, we recommend you do it AFTER you have successfully linked your National Registry and login.gov accounts."
            </p>

            <h2>"Can I share a login.gov account with another person?"</h2>
            <p>
                "No, each person must have their own login.gov account. "
                "If you shared your National Registry account in the past, you can no longer do so with login.gov. "
                "Each person must create his or her own login.gov account, with their own personal email address (not an email that you share with someone else)."
            </p>

            <h2>"How can I obtain additional information about login.gov?"</h2>
            <p>
                "For additional information about creating a login.gov account, please visit "
                <a class="usa-link" href="https://login.gov/help/creating-an-account/how-do-i-create-an-account-with-logingov/">
                    "login.gov’s help on creating an account"
                </a>
                "."
            </p>
            <PageUpdated />
        </Page>
    }
}
