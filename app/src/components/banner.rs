//! The official U.S. government banner (USWDS `usa-banner`), with its
//! "Here's how you know" disclosure.

use leptos::prelude::*;

use super::USWDS_IMG;

#[component]
pub fn GovBanner() -> impl IntoView {
    let expanded = RwSignal::new(false);
    view! {
        <section class="usa-banner" aria-label="Official website of the United States government">
            <div class="usa-accordion">
                <header class="usa-banner__header" class:usa-banner__header--expanded=expanded>
                    <div class="usa-banner__inner">
                        <div class="grid-col-auto">
                            <img aria-hidden="true" class="usa-banner__header-flag" src=format!("{USWDS_IMG}/us_flag_small.png") alt="" width="16" height="11" />
                        </div>
                        <div class="grid-col-fill tablet:grid-col-auto" aria-hidden="true">
                            <p class="usa-banner__header-text">"An official website of the United States government"</p>
                            <p class="usa-banner__header-action">"Here’s how you know"</p>
                        </div>
                        <button
                            type="button"
                            class="usa-accordion__button usa-banner__button"
                            aria-expanded=move || expanded.get().to_string()
                            aria-controls="gov-banner"
                            on:click=move |_| expanded.update(|open| *open = !*open)
                        >
                            <span class="usa-banner__button-text">"Here’s how you know"</span>
                        </button>
                    </div>
                </header>
                // `loading` before `src`: an image made by script starts loading as soon as it has a src.
                <div class="usa-banner__content usa-accordion__content" id="gov-banner" hidden=move || !expanded.get()>
                    <div class="grid-row grid-gap-lg">
                        <Guidance icon="icon-dot-gov.svg">
                            <strong>"Official websites use .gov"</strong>
                            <br />
                            "A " <strong>".gov"</strong>
                            " website belongs to an official government organization in the United States."
                        </Guidance>
                        <Guidance icon="icon-https.svg">
                            <strong>"Secure .gov websites use HTTPS"</strong>
                            <br />
                            "A " <strong>"lock"</strong> " ("
                            <img class="usa-banner__lock-image" loading="lazy" src=format!("{USWDS_IMG}/lock.svg") alt="Locked padlock icon" />
                            ") or " <strong>"https://"</strong>
                            " means you’ve safely connected to the .gov website. Share sensitive information only on official, secure websites."
                        </Guidance>
                    </div>
                </div>
            </div>
        </section>
    }
}

/// One of the two reasons the disclosure gives to trust the site: its icon and its words.
#[component]
fn Guidance(icon: &'static str, children: Children) -> impl IntoView {
    // `loading` before `src`: an image made by script starts loading as soon as it has a src.
    view! {
        <div class="usa-banner__guidance tablet:grid-col-6">
            <img class="usa-banner__icon usa-media-block__img" loading="lazy" src=format!("{USWDS_IMG}/{icon}") alt="" aria-hidden="true" />
            <div class="usa-media-block__body">
                <p>{children()}</p>
            </div>
        </div>
    }
}
