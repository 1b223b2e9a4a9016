//! Form fields in the USWDS error pattern: the message next to the field, the
//! field marked invalid and described by it, and a summary at the top that
//! links to each field.

use domain::form::{FieldErrors, FormField};
use domain::UsState;
use leptos::prelude::*;

use super::in_page_link::{focus_element, InPageLink};

/// The id of a field's control: the summary's links and the focus go there.
pub fn control_id<F: FormField>(field: F) -> String {
    format!("field-{}", field.code())
}

fn described_by<F: FormField>(field: F, hint: bool, error: bool) -> Option<String> {
    let ids: Vec<String> =
        [hint.then(|| format!("{}-hint", control_id(field))), error.then(|| format!("{}-error", control_id(field)))]
            .into_iter()
            .flatten()
            .collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// Label, hint and error message around a control.
#[component]
fn FormGroup<F: FormField>(
    field: F,
    label: &'static str,
    hint: Option<&'static str>,
    errors: RwSignal<FieldErrors<F>>,
    children: Children,
) -> impl IntoView {
    let id = control_id(field);
    let error = move || errors.with(|e| e.get(field).map(str::to_owned));
    view! {
        <div class="usa-form-group" class:usa-form-group--error=move || error().is_some()>
            <label class="usa-label" class:usa-label--error=move || error().is_some() for=id.clone()>{label}</label>
            {hint.map(|hint| view! { <span class="usa-hint" id=format!("{id}-hint")>{hint}</span> })}
            {move || error().map(|message| view! { <span class="usa-error-message" id=format!("{}-error", control_id(field))>{message}</span> })}
            {children()}
        </div>
    }
}

#[component]
pub fn TextField<F: FormField>(
    field: F,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    value: Signal<String>,
    on_input: Callback<String>,
    errors: RwSignal<FieldErrors<F>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
) -> impl IntoView {
    let invalid = move || errors.with(|e| e.get(field).is_some());
    view! {
        <FormGroup field label hint errors>
            <input
                class="usa-input"
                class:usa-input--error=invalid
                id=control_id(field)
                name=field.code()
                type=input_type
                autocomplete=autocomplete
                inputmode=inputmode
                maxlength=field.max_len()
                aria-invalid=move || invalid().then_some("true")
                aria-describedby=move || described_by(field, hint.is_some(), invalid())
                prop:value=value
                on:input=move |ev| on_input.run(event_target_value(&ev))
            />
        </FormGroup>
    }
}

/// A select of the 50 States, the District of Columbia and the territories.
#[component]
pub fn StateSelect<F: FormField>(
    field: F,
    label: &'static str,
    value: Signal<String>,
    on_input: Callback<String>,
    errors: RwSignal<FieldErrors<F>>,
) -> impl IntoView {
    let invalid = move || errors.with(|e| e.get(field).is_some());
    view! {
        <FormGroup field label hint=None errors>
            <select
                class="usa-select"
                class:usa-input--error=invalid
                id=control_id(field)
                name=field.code()
                aria-invalid=move || invalid().then_some("true")
                aria-describedby=move || described_by(field, false, invalid())
                prop:value=value
                on:change=move |ev| on_input.run(event_target_value(&ev))
            >
                <option value="">"- Select -"</option>
                {UsState::all().map(|state| view! { <option value=state.code()>{state.name()}</option> }).collect_view()}
            </select>
        </FormGroup>
    }
}

/// "There is a problem": every field error, each a link to its field.
#[component]
pub fn ErrorSummary<F: FormField>(errors: RwSignal<FieldErrors<F>>, labels: fn(F) -> &'static str) -> impl IntoView {
    move || {
        errors.with(|errors| {
            (!errors.is_empty()).then(|| {
                view! {
                    <div class="usa-alert usa-alert--error" role="alert">
                        <div class="usa-alert__body">
                            <h2 class="usa-alert__heading">"There is a problem"</h2>
                            <ul class="usa-alert__text usa-list">
                                {errors.0.iter().map(|e| view! {
                                    <li><InPageLink target=control_id(e.field)>{format!("{}: {}", labels(e.field), e.message)}</InPageLink></li>
                                }).collect_view()}
                            </ul>
                        </div>
                    </div>
                }
            })
        })
    }
}

/// Moves the focus to the first field with an error, once the page shows it.
pub fn focus_first_error<F: FormField>(errors: &FieldErrors<F>) {
    if let Some(first) = errors.0.first() {
        let id = control_id(first.field);
        // Once the page shows the errors; if the field is gone, the summary still shows them.
        request_animation_frame(move || {
            focus_element(&id);
        });
    }
}

/// A checkbox in the same error pattern: the message above it, the box described by it.
#[component]
pub fn Checkbox<F: FormField>(
    field: F,
    label: &'static str,
    checked: Signal<bool>,
    on_change: Callback<bool>,
    errors: RwSignal<FieldErrors<F>>,
) -> impl IntoView {
    let error = move || errors.with(|e| e.get(field).map(str::to_owned));
    view! {
        <div class="usa-form-group" class:usa-form-group--error=move || error().is_some()>
            {move || error().map(|message| view! { <span class="usa-error-message" id=format!("{}-error", control_id(field))>{message}</span> })}
            <div class="usa-checkbox">
                <input
                    class="usa-checkbox__input"
                    id=control_id(field)
                    name=field.code()
                    type="checkbox"
                    aria-invalid=move || error().is_some().then_some("true")
                    aria-describedby=move || described_by(field, false, error().is_some())
                    prop:checked=checked
                    on:change=move |ev| on_change.run(event_target_checked(&ev))
                />
                <label class="usa-checkbox__label" for=control_id(field)>{label}</label>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::staff::ActionField;

    #[test]
    fn a_control_is_described_by_its_hint_and_its_error_when_shown() {
        assert_eq!(control_id(ActionField::NewEmail), "field-new_email");
        assert_eq!(described_by(ActionField::Reason, false, false), None);
        assert_eq!(described_by(ActionField::Reason, true, false).as_deref(), Some("field-reason-hint"));
        assert_eq!(described_by(ActionField::Reason, false, true).as_deref(), Some("field-reason-error"));
        assert_eq!(
            described_by(ActionField::Reason, true, true).as_deref(),
            Some("field-reason-hint field-reason-error"),
            "the hint is read before the error"
        );
    }
}
