//! Reminder campaigns (`domain::campaign`) on the staff side, for the
//! program office and administrators (`StaffWork::Campaigns`):
//! - `GET /api/staff/campaigns`: the campaigns of the last 400 days, side by side;
//! - `POST /api/staff/campaigns`: a new draft;
//! - `GET /api/staff/campaigns/{id}`: one, with its audience's size today and
//!   three of its emails as they will be written, to real people of its audience;
//! - `POST /api/staff/campaigns/{id}/{approve|pause|resume|cancel}`.
//!
//! And the cron's share (`send_due`), and `/reminder/{id}`, where a reminder's
//! button leads: a person's visit counted (`LinkVisit`), then the step's page.

use domain::api::Notice;
use domain::campaign::{CampaignChange, CampaignForm, CampaignPage, CampaignState, LinkVisit, ReminderExample};
use domain::emails::{self, Unaddressed};
use domain::routes;
use domain::session::Session;
use domain::staff::{Role, StaffMember};
use worker::{Request, Response};

use super::config::Config;
use super::context::Context;
use super::redirect;
use super::{json_body, no_store_json};
use crate::error::AppError;
use crate::log_line::{log, Level, LogLine};
use crate::outbox::sending::send_emails;
use crate::reminders;
use crate::store::campaigns::{self, Sending};
use crate::store::d1::D1;
use crate::store::Database;

/// What a staff request about campaigns asks.
pub enum CampaignAnswer {
    List,
    Compose,
    One(i64),
    Change(i64, CampaignChange),
}

/// How many campaigns the comparison shows.
const SHOWN: i64 = 50;
/// How many of its emails a campaign's page shows before it is approved.
const EXAMPLES: i64 = 3;

pub async fn answer(
    mut req: Request,
    cx: &Context,
    session: &Session<StaffMember>,
    asked: CampaignAnswer,
) -> Result<Response, AppError> {
    let (config, db, staff_id) = (&cx.config, &cx.db, session.holder.staff_id);
    match asked {
        CampaignAnswer::List => no_store_json(&campaigns::newest(db, SHOWN).await?),
        CampaignAnswer::One(id) => {
            let (mut campaign, _) = campaigns::one(db, id).await?.ok_or(AppError::NotFound)?;
            if campaign.state == CampaignState::Draft {
                campaign.audience_size = campaigns::audience_size(db, &campaign.audience).await?;
            }
            let email = reminder(config, id, &campaign.audience.stage, &campaign.note);
            let examples = campaigns::next(db, &campaign.audience, 0, EXAMPLES)
                .await?
                .into_iter()
                .map(|r| ReminderExample {
                    to: r.primary_email,
                    subject: email.subject.clone(),
                    text: email.text.clone(),
                })
                .collect();
            no_store_json(&CampaignPage { campaign, examples })
        }
        CampaignAnswer::Compose => {
            let form: CampaignForm = json_body(&mut req).await?;
            let today = domain::account::us_today(super::now_seconds());
            let campaign = form.parse(&today)?;
            db.batch(&campaigns::compose(&campaign, staff_id)).await?;
            let message = format!("{} is composed: another administrator approves it before it sends.", campaign.name);
            no_store_json(&Notice { message })
        }
        CampaignAnswer::Change(id, change) => {
            let (campaign, composer) = campaigns::one(db, id).await?.ok_or(AppError::NotFound)?;
            let to = campaign.state.after(change).ok_or_else(|| {
                AppError::Refused(format!("The campaign is {}: it cannot be changed so.", campaign.state.label()))
            })?;
            let statements = match change {
                CampaignChange::Approve if session.holder.role != Role::Admin => {
                    return Err(AppError::NotPermitted("a campaign approved by someone not an administrator"));
                }
                CampaignChange::Approve if composer == staff_id => {
                    return Err(AppError::Refused(
                        "You composed this campaign: another administrator approves it.".into(),
                    ));
                }
                CampaignChange::Approve => {
                    campaigns::approve(id, staff_id, campaigns::audience_size(db, &campaign.audience).await?)
                }
                _ => campaigns::change(id, campaign.state, to, change.event(), staff_id),
            };
            // The change is made from the state it was read in: if another
            // member's change came first, nothing was made.
            if !campaigns::changed(&db.batch(&statements).await?) {
                return Err(AppError::Refused("The campaign was changed meanwhile: read it again.".into()));
            }
            no_store_json(&Notice { message: format!("The campaign is {}.", to.label().to_lowercase()) })
        }
    }
}

/// A campaign's email: its stage's words, its note, the deadline while ahead,
/// and its button to `/reminder/{id}`.
fn reminder(config: &Config, id: i64, stage: &domain::campaign::CampaignStage, note: &str) -> Unaddressed {
    let url = format!("{}{}", config.public_origin, routes::REMINDER.with(&id.to_string()));
    emails::reminder(*stage, note, config.deadline_reminder().as_deref(), &url)
}

/// The cron's: every campaign sending writes what its pace allows now, and
/// the emails go on the queue.
pub async fn send_due(cx: &Context) -> Result<(), AppError> {
    let write = |campaign: &Sending| reminder(&cx.config, campaign.id, &campaign.audience.stage, &campaign.note);
    let written = reminders::write_due(&cx.db, cx.config.campaign_emails_per_minute, &write).await?;
    if !written.is_empty() {
        log(Level::Info, &LogLine { count: Some(written.len()), ..LogLine::event("reminders_written") });
    }
    send_emails(&cx.env, &cx.db, written).await
}

/// `GET /reminder/{id}`: a reminder's button. A person's visit is counted on
/// its campaign (`LinkVisit`), then the step's page; an unknown campaign goes home.
pub async fn arrival(req: &Request, db: &D1, id: &str) -> Result<Response, AppError> {
    let visit = LinkVisit::of(req.headers().get("sec-fetch-user")?.as_deref());
    let stage = match id.parse::<i64>() {
        Ok(id) => campaigns::arrival(db, id, visit).await?,
        Err(_) => None,
    };
    let page = match stage {
        Some(domain::campaign::CampaignStage::NeverSignedIn) => routes::SIGN_IN,
        Some(_) => routes::TRANSFER,
        None => routes::HOME,
    };
    redirect(page, &[])
}
