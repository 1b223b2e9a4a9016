//! The USWDS identifier: who runs the site, and the links every federal site carries.

use leptos::prelude::*;

const REQUIRED_LINKS: [(&str, &str); 7] = [
    ("https://www.fmcsa.dot.gov/mission/about-us", "About FMCSA"),
    ("https://www.transportation.gov/accessibility", "Accessibility statement"),
    ("https://www.transportation.gov/foia", "FOIA requests"),
    ("https://www.transportation.gov/civil-rights/civil-rights-awareness-enforcement/no-fear-act", "No FEAR Act data"),
    ("https://www.oig.dot.gov/", "Office of the Inspector General"),
    ("https://www.transportation.gov/mission/budget/dot-budget-and-performance-documents", "Performance reports"),
    ("https://www.transportation.gov/privacy", "Privacy policy"),
];

#[component]
pub fn Identifier() -> impl IntoView {
    view! {
        <footer class="usa-identifier">
            <section class="usa-identifier__section usa-identifier__section--masthead" aria-label="Agency identifier">
                <div class="usa-identifier__container">
                    <section class="usa-identifier__identity" aria-label="Agency description">
                        <p class="usa-identifier__identity-domain">"nationalregistry.fmcsa.dot.gov"</p>
                        <p class="usa-identifier__identity-disclaimer">
                            "An official website of the "
                            <a href="https://www.transportation.gov/">"U.S. Department of Transportation"</a>
                            " and its "
                            <a href="https://www.fmcsa.dot.gov/">"Federal Motor Carrier Safety Administration (FMCSA)"</a>
                        </p>
                    </section>
                </div>
            </section>
            <nav class="usa-identifier__section usa-identifier__section--required-links" aria-label="Important links">
                <div class="usa-identifier__container">
                    <ul class="usa-identifier__required-links-list">
                        {REQUIRED_LINKS.map(|(href, label)| view! {
                            <li class="usa-identifier__required-links-item">
                                <a href=href class="usa-identifier__required-link usa-link">{label}</a>
                            </li>
                        })}
                    </ul>
                </div>
            </nav>
            <section class="usa-identifier__section usa-identifier__section--usagov" aria-label="U.S. government information and services">
                <div class="usa-identifier__container">
                    <div class="usa-identifier__usagov-description">"Looking for U.S. government information and services?"</div>
                    " "
                    <a href="https://www.usa.gov/" class="usa-link">"Visit USA.gov"</a>
                </div>
            </section>
        </footer>
    }
}
