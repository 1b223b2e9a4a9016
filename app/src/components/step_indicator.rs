//! The USWDS step indicator, drawn from the wizard's steps as the domain declares them.

use domain::transfer::WizardStep;
use leptos::prelude::*;

#[component]
pub fn StepIndicator(current: WizardStep, label: &'static str) -> impl IntoView {
    let total = WizardStep::ALL.len();
    view! {
        <div class="usa-step-indicator usa-step-indicator--counters-sm" aria-label=label>
            <ol class="usa-step-indicator__segments">
                {WizardStep::ALL.map(|step| {
                    let (class, status) = match step.number().cmp(&current.number()) {
                        std::cmp::Ordering::Less => ("usa-step-indicator__segment usa-step-indicator__segment--complete", Some("completed")),
                        std::cmp::Ordering::Equal => ("usa-step-indicator__segment usa-step-indicator__segment--current", None),
                        std::cmp::Ordering::Greater => ("usa-step-indicator__segment", Some("not completed")),
                    };
                    view! {
                        <li class=class aria-current=(step == current).then_some("step")>
                            <span class="usa-step-indicator__segment-label">
                                {step.label()}
                                {status.map(|s| view! { <span class="usa-sr-only">" " {s}</span> })}
                            </span>
                        </li>
                    }
                })}
            </ol>
            <div class="usa-step-indicator__header">
                <h2 class="usa-step-indicator__heading">
                    <span class="usa-step-indicator__heading-counter">
                        <span class="usa-sr-only">"Step"</span>
                        " "
                        <span class="usa-step-indicator__current-step">{current.number()}</span>
                        " "
                        <span class="usa-step-indicator__total-steps">{format!("of {total}")}</span>
                    </span>
                    " "
                    <span class="usa-step-indicator__heading-text">{current.label()}</span>
                </h2>
            </div>
        </div>
    }
}
