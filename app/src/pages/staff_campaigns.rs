//! `/staff/campaigns`: reminder campaigns, for the program office and
//! administrators — the campaigns of the last 400 days side by side (what
//! each sent, and who of its audience transferred and linked within 1, 7 and
//! 30 days, as a chart and as the same numbers in a table), and a new one
//! composed: whom it writes to, a sentence of the office's own, its start.
//! A campaign sends nothing until another administrator approves it on its page.

use domain::campaign::{CampaignField, CampaignForm, CampaignStage, CampaignView};
use domain::routes;
use domain::{AccountType, UsState};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, ApiFailure};
use crate::components::{
    local_time, ErrorNotice, ErrorSummary, FormState, Link, Page, StaffSession, SuccessNotice, TextField,
};

#[component]
pub fn StaffCampaigns() -> impl IntoView {
    let list = LocalResource::new(api::campaigns);
    let reload = move || list.refetch();
    view! {
        <Page title="Reminder campaigns">
            <p><Link href=routes::STAFF>"Back to the staff page"</Link></p>
            <StaffSession signed_in=move |staff| view! { <Compose csrf_token=staff.csrf_token reload /> } />
            <h2>"The campaigns side by side"</h2>
            <Transition fallback=|| ()>
                {move || list.get().map(|answer| match answer {
                    Ok(campaigns) if campaigns.is_empty() => view! { <p>"No campaign in the last 400 days."</p> }.into_any(),
                    Ok(campaigns) => view! {
                        <div class="registry-funnel"><Chart campaigns=campaigns.clone() /> <Compared campaigns /></div>
                    }.into_any(),
                    Err(ApiFailure::NotSignedIn) => ().into_any(),
                    Err(failure) => view! { <ErrorNotice message=failure.message() /> }.into_any(),
                })}
            </Transition>
        </Page>
    }
}

#[component]
fn Compose(csrf_token: String, reload: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let blank = CampaignForm {
        account_type: AccountType::MedicalExaminer.code().into(),
        stage: CampaignStage::NotTransferred.code().into(),
        ..CampaignForm::default()
    };
    let form = RwSignal::new(blank);
    let state = FormState::then_reload(
        move |form: &CampaignForm| api::compose_campaign(csrf_token.clone(), form.clone()),
        reload,
    );
    let FormState { errors, failure, sent, .. } = state;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // The earliest start is the registry's to check: the browser's day may not be the U.S.'s.
        state.submit(form.with(|f| f.parse("")).err().unwrap_or_default(), form.get_untracked());
    };
    let label: fn(CampaignField) -> &'static str = |field| match field {
        CampaignField::Name => "Name of the campaign (for staff only)",
        CampaignField::AccountType => "Account type",
        CampaignField::LicenseState => "State that issued the license",
        CampaignField::Stage => "Who it writes to",
        CampaignField::Note => "A sentence of your own, added to the email (optional)",
        CampaignField::StartsOn => "Start on (optional)",
    };
    let text = move |read: fn(&CampaignForm) -> String| Signal::derive(move || form.with(read));
    view! {
        <h2>"Compose a campaign"</h2>
        <p>"Each email tells the person their own next step, with the transfer deadline while it is ahead. \
            Nobody is written to twice by one campaign, and whoever moves on before their email is sent is skipped."</p>
        <form class="usa-form usa-form--large" novalidate on:submit=submit>
            <ErrorSummary errors labels=label />
            {move || failure.get().map(|message| view! { <ErrorNotice message /> })}
            {move || sent.get().map(|message| view! { <SuccessNotice message /> })}
            <TextField field=CampaignField::Name label=label(CampaignField::Name) value=text(|f| f.name.clone())
                on_input=Callback::new(move |typed| form.update(|f| f.name = typed)) errors />
            <label class="usa-label" for="field-account_type">{label(CampaignField::AccountType)}</label>
            <select class="usa-select" id="field-account_type" name="account_type"
                on:change=move |ev| form.update(|f| f.account_type = event_target_value(&ev))>
                {AccountType::ALL.map(|t| view! { <option value=t.code()>{t.label()}</option> }).collect_view()}
            </select>
            <label class="usa-label" for="field-license_state">{label(CampaignField::LicenseState)}</label>
            <select class="usa-select" id="field-license_state" name="license_state"
                on:change=move |ev| form.update(|f| f.license_state = event_target_value(&ev))>
                <option value="">"Every State"</option>
                {UsState::all().map(|s| view! { <option value=s.code()>{s.name()}</option> }).collect_view()}
            </select>
            <label class="usa-label" for="field-stage">{label(CampaignField::Stage)}</label>
            <select class="usa-select" id="field-stage" name="stage"
                on:change=move |ev| form.update(|f| f.stage = event_target_value(&ev))>
                {CampaignStage::ALL.map(|s| view! { <option value=s.code()>{s.label()}</option> }).collect_view()}
            </select>
            <TextField field=CampaignField::Note label=label(CampaignField::Note) value=text(|f| f.note.clone())
                on_input=Callback::new(move |typed| form.update(|f| f.note = typed)) errors />
            <TextField field=CampaignField::StartsOn label=label(CampaignField::StartsOn)
                hint="At 9 a.m. Eastern on that day; empty: as soon as it is approved."
                value=text(|f| f.starts_on.clone()) input_type="date"
                on_input=Callback::new(move |typed| form.update(|f| f.starts_on = typed)) errors />
            <button type="submit" class="usa-button">"Compose"</button>
        </form>
    }
}

/// "12 (5 %)": a count, and its share of the emails sent.
fn share(count: i64, sent: i64) -> String {
    if sent == 0 {
        return count.to_string();
    }
    format!("{count} ({} %)", count * 100 / sent)
}

#[component]
fn Compared(campaigns: Vec<CampaignView>) -> impl IntoView {
    view! {
        <table class="usa-table usa-table--stacked">
            <caption>"Reminder campaigns, newest first: of the emails sent, who transferred and who linked to login.gov within 1, 7 and 30 days"</caption>
            <thead><tr>
                <th scope="col">"Campaign"</th><th scope="col">"Composed"</th><th scope="col">"Audience"</th><th scope="col">"State"</th>
                <th scope="col">"Sent"</th><th scope="col">"Transferred (1 / 7 / 30 days)"</th>
                <th scope="col">"Linked (1 / 7 / 30 days)"</th><th scope="col">"Visits by its link"</th>
            </tr></thead>
            <tbody>{campaigns.into_iter().map(|c| {
                let sent = c.progress.sent;
                let windows = |counts: [i64; 3]| counts.map(|n| share(n, sent)).join(" / ");
                view! {
                    <tr>
                        <th scope="row" data-label="Campaign">
                            <A href=routes::STAFF_CAMPAIGN.with(&c.id.to_string())>{c.name}</A>
                        </th>
                        <td data-label="Composed">{local_time::moment(&c.created_at)}</td>
                        <td data-label="Audience">{c.audience.in_words()}</td>
                        <td data-label="State">{c.state.label()}</td>
                        <td data-label="Sent">{sent}</td>
                        <td data-label="Transferred (1 / 7 / 30 days)">{windows(c.effect.transferred)}</td>
                        <td data-label="Linked (1 / 7 / 30 days)">{windows(c.effect.linked)}</td>
                        <td data-label="Visits by its link">{c.effect.arrivals}</td>
                    </tr>
                }
            }).collect_view()}</tbody>
        </table>
    }
}

// The funnel's drawing: small, its words readable where a phone scales it down.
const WIDTH: f64 = 480.0;
const LEFT: f64 = 150.0;
const RIGHT: f64 = 56.0;
const ROW: f64 = 44.0;
const FONT: &str = "15";
/// The funnel chart's colours for transferred and linked (USWDS, told apart
/// with the common colour blindnesses).
const TRANSFERRED: &str = "#005ea2";
const LINKED: &str = "#00a398";

/// Each campaign's share of its emails sent that led to a transfer and a link within 30 days, as bars.
#[component]
fn Chart(campaigns: Vec<CampaignView>) -> impl IntoView {
    let shown: Vec<CampaignView> = campaigns.into_iter().take(10).collect();
    let height = ROW * shown.len() as f64 + 24.0;
    let bar = |percent: i64| (WIDTH - LEFT - RIGHT) * percent as f64 / 100.0;
    let percent = |count: i64, sent: i64| if sent == 0 { 0 } else { count * 100 / sent };
    view! {
        <figure class="registry-chart">
            <svg viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-labelledby="campaigns-chart-title campaigns-chart-desc">
                <title id="campaigns-chart-title">"Reminder campaigns compared"</title>
                <desc id="campaigns-chart-desc">
                    "Of each campaign's emails sent (the 10 newest), the share who transferred and who linked to login.gov \
                     within 30 days. The table has every figure."
                </desc>
                {shown.into_iter().enumerate().map(|(i, c)| {
                    let y = ROW * i as f64 + 4.0;
                    let sent = c.progress.sent;
                    let (t, l) = (percent(c.effect.transferred[2], sent), percent(c.effect.linked[2], sent));
                    let name: String = c.name.chars().take(18).collect();
                    view! {
                        <text x="0" y=y + 24.0 font-size=FONT>{name}</text>
                        <rect x=LEFT y=y width=bar(t) height="16" fill=TRANSFERRED />
                        <text x=LEFT + bar(t) + 4.0 y=y + 14.0 font-size=FONT>{format!("{t} %")}</text>
                        <rect x=LEFT y=y + 20.0 width=bar(l) height="16" fill=LINKED />
                        <text x=LEFT + bar(l) + 4.0 y=y + 34.0 font-size=FONT>{format!("{l} %")}</text>
                    }
                }).collect_view()}
            </svg>
            <figcaption>
                <ul class="registry-chart__legend">
                    {[("Transferred within 30 days", TRANSFERRED), ("Linked to login.gov within 30 days", LINKED)].map(|(label, colour)| view! {
                        // An SVG swatch: the Content-Security-Policy allows no inline style.
                        <li><svg class="registry-chart__swatch" viewBox="0 0 16 4" aria-hidden="true"><rect width="16" height="4" fill=colour /></svg>{label}</li>
                    }).collect_view()}
                </ul>
            </figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_is_of_the_emails_sent_and_none_before_any() {
        assert_eq!(share(5, 20), "5 (25 %)");
        assert_eq!(share(0, 0), "0");
        assert_eq!(share(1, 3), "1 (33 %)");
    }
}
