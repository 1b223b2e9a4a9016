//! Every call the app makes to the worker, typed by the shared API types.

use domain::account::SignedIn;
use domain::api::{ApiError, Notice, SentEmail};
use domain::campaign::{CampaignChange, CampaignForm, CampaignPage, CampaignView};
use domain::challenge::{Challenge, ANSWER_HEADER};
use domain::deadline::DeadlineNotice;
use domain::email_change::EmailChangeForm;
use domain::email_fix::NewEmailForm;
use domain::form::FieldMessage;
use domain::funnel::FunnelDay;
use domain::grant::{AccessRequestForm, ApprovalForm, ExaminerRecord, GrantChange, PersonWorkingForYou, WorkingFor};
use domain::link::UsableLink;
use domain::link_confirmation::{AccountToConfirm, LinkAnswer, SignInContinues};
use domain::link_token::LinkToken;
use domain::routes;
use domain::session::{SessionTime, CSRF_HEADER};
use domain::staff::{
    AccountAction, AccountSummary, ActionForm, SignedInStaff, StaffAccountView, StaffListEntry, StaffMemberActivity,
    StaffMemberForm,
};
use domain::transfer::TransferForm;
use gloo_net::http::{Method, Request, RequestBuilder};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Why a call did not give the answer the page wanted, in words for the person.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiFailure {
    /// The form has mistakes, field by field (the form reads them as its fields).
    Fields(Vec<FieldMessage>),
    /// The registry refused, and said why.
    Refused(String),
    /// No live session: the page sends the person to sign in.
    NotSignedIn,
    /// Past a limit: the check to pass before asking again, and why it is shown.
    Challenge { challenge: Challenge, message: String },
    /// No answer: the network or the registry is down.
    Unreachable,
}

impl ApiFailure {
    pub fn message(&self) -> String {
        match self {
            Self::Fields(_) => "Some answers need your attention.".into(),
            Self::Refused(message) | Self::Challenge { message, .. } => message.clone(),
            Self::NotSignedIn => "Please sign in to continue.".into(),
            Self::Unreachable => concat!(
                "We could not reach the National Registry. Check your connection and try again. ",
                "If this keeps happening, contact ",
                domain::the_help_desk!(),
                "."
            )
            .into(),
        }
    }
}

/// A claim, with the check's answer when the registry asked for one.
pub async fn submit_transfer(form: TransferForm, checked: Option<String>) -> Result<Notice, ApiFailure> {
    let request = json_request(routes::API_TRANSFER, Method::POST);
    let request = match checked {
        Some(checked) => request.header(ANSWER_HEADER, &checked),
        None => request,
    };
    answer(request.json(&form)).await
}

/// Whether the link in a "NOT migrated" email can still be used.
pub async fn check_fix_link(token: LinkToken) -> Result<UsableLink, ApiFailure> {
    answer(get(&routes::TRANSFER_FIX.api.with(token.as_str()))).await
}

pub async fn request_new_email(token: LinkToken, form: NewEmailForm) -> Result<Notice, ApiFailure> {
    answer(post(&routes::TRANSFER_FIX.api.with(token.as_str()), &form)).await
}

/// "This is not my account": the fix link is spent.
pub async fn decline_fix_link(token: LinkToken) -> Result<Notice, ApiFailure> {
    answer(json_request(&routes::TRANSFER_FIX.api.with(token.as_str()), Method::DELETE).build()).await
}

/// Whether the link in a "Confirm your new email address" email can still be used.
pub async fn check_confirm_link(token: LinkToken) -> Result<UsableLink, ApiFailure> {
    answer(get(&routes::TRANSFER_CONFIRM.api.with(token.as_str()))).await
}

pub async fn confirm_new_email(token: LinkToken) -> Result<Notice, ApiFailure> {
    answer(post(&routes::TRANSFER_CONFIRM.api.with(token.as_str()), &NOTHING)).await
}

/// The signed-in person and their CSRF token; [`ApiFailure::NotSignedIn`] when signed out.
pub async fn session() -> Result<SignedIn, ApiFailure> {
    answer(get(routes::API_SESSION)).await
}

/// The CSRF token of the examiner's session, when there is one: all the
/// header needs of [`session`]'s answer (the rest of it is not read).
pub async fn session_token() -> Option<String> {
    #[derive(serde::Deserialize)]
    struct TokenOnly {
        csrf_token: String,
    }
    read_quietly::<TokenOnly>(routes::API_SESSION).await.map(|session| session.csrf_token)
}

/// Where the transfer deadline stands today; none when no deadline is set,
/// or when the registry did not answer (the pages then say nothing about it).
pub async fn deadline() -> Option<DeadlineNotice> {
    read_quietly::<Option<DeadlineNotice>>(routes::API_DEADLINE).await.flatten()
}

/// A first sign-in's question: whose account login.gov's email found.
pub async fn link_to_confirm() -> Result<AccountToConfirm, ApiFailure> {
    answer(get(routes::API_SIGN_IN_LINK)).await
}

/// The person's answer, with the question's CSRF token.
pub async fn answer_link(csrf_token: String, link: LinkAnswer) -> Result<SignInContinues, ApiFailure> {
    answer(with_token(routes::API_SIGN_IN_LINK, &csrf_token).json(&link)).await
}

/// A change for the signed-in person: it carries their CSRF token.
pub async fn change_email(csrf_token: String, form: EmailChangeForm) -> Result<Notice, ApiFailure> {
    let request = with_token(routes::API_ACCOUNT_EMAIL, &csrf_token).json(&form);
    answer(request).await
}

/// Whether the link in an email-change confirmation can still be used.
pub async fn check_email_change_link(token: LinkToken) -> Result<UsableLink, ApiFailure> {
    answer(get(&routes::EMAIL_CHANGE_CONFIRM.api.with(token.as_str()))).await
}

pub async fn confirm_email_change(token: LinkToken) -> Result<Notice, ApiFailure> {
    answer(post(&routes::EMAIL_CHANGE_CONFIRM.api.with(token.as_str()), &NOTHING)).await
}

/// Someone who works for examiners: their requests, grants and session.
pub async fn work_for() -> Result<WorkingFor, ApiFailure> {
    answer(get(routes::API_WORK_FOR)).await
}

/// A request for access to the examiner a number names.
pub async fn ask_for_access(csrf_token: String, form: AccessRequestForm) -> Result<Notice, ApiFailure> {
    answer(with_token(routes::API_WORK_FOR, &csrf_token).json(&form)).await
}

/// The examiner's account, as an approved grant lets its holder read it.
pub async fn examiner_record(grant_id: i64) -> Result<ExaminerRecord, ApiFailure> {
    answer(get(&routes::API_WORK_FOR_EXAMINER.with(&grant_id.to_string()))).await
}

/// My account's "People who work for you".
pub async fn people_working_for_me() -> Result<Vec<PersonWorkingForYou>, ApiFailure> {
    answer(get(routes::API_ACCOUNT_PEOPLE)).await
}

/// The examiner approves, declines or revokes a grant.
pub async fn answer_grant(
    csrf_token: String,
    grant_id: i64,
    change: GrantChange,
    form: ApprovalForm,
) -> Result<Notice, ApiFailure> {
    let url = routes::API_ACCOUNT_PERSON.with(&format!("{grant_id}/{}", change.code()));
    answer(with_token(&url, &csrf_token).json(&form)).await
}

pub async fn sent_emails() -> Result<Vec<SentEmail>, ApiFailure> {
    answer(get(routes::API_DEV_MAILBOX)).await
}

/// Whose session a signed-in page keeps: an examiner's, a person's who works for examiners, or a staff member's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionOf {
    Examiner,
    /// Someone who works for examiners.
    Person,
    Staff,
}

impl SessionOf {
    fn api(self) -> &'static str {
        match self {
            Self::Examiner => routes::API_SESSION,
            Self::Person => routes::API_WORK_FOR_SESSION,
            Self::Staff => routes::API_STAFF_SESSION,
        }
    }

    fn time_api(self) -> &'static str {
        match self {
            Self::Examiner => routes::API_SESSION_TIME,
            Self::Person => routes::API_WORK_FOR_SESSION_TIME,
            Self::Staff => routes::API_STAFF_SESSION_TIME,
        }
    }

    /// The sign-out form's action.
    pub fn sign_out(self) -> &'static str {
        match self {
            Self::Examiner => routes::LOGOUT,
            Self::Person => routes::WORK_FOR_LOGOUT,
            Self::Staff => routes::STAFF_LOGOUT,
        }
    }

    /// Where an idle sign-out leads: the sign-in page, which says why.
    pub fn signed_out_for_inactivity(self) -> String {
        let page = match self {
            Self::Examiner => routes::SIGN_IN,
            Self::Person => routes::WORK_FOR,
            Self::Staff => routes::STAFF,
        };
        format!("{page}?{}", routes::SIGNED_OUT_IDLE)
    }
}

/// When the session ends, as the registry sees it now (another tab may have
/// used it); asking does not renew it.
pub async fn session_time(of: SessionOf) -> Result<SessionTime, ApiFailure> {
    answer(get(of.time_api())).await
}

/// "Stay signed in": the session renewed now.
pub async fn keep_session(of: SessionOf, csrf_token: String) -> Result<SessionTime, ApiFailure> {
    answer(with_token(of.api(), &csrf_token).json(&NOTHING)).await
}

/// The signed-in staff member and their CSRF token; [`ApiFailure::NotSignedIn`] when signed out.
pub async fn staff_session() -> Result<SignedInStaff, ApiFailure> {
    answer(get(routes::API_STAFF_SESSION)).await
}

/// The help desk's search.
pub async fn search_accounts(typed: String) -> Result<Vec<AccountSummary>, ApiFailure> {
    answer(get(&with_query(routes::API_STAFF_ACCOUNTS, &[("q", &typed)]))).await
}

/// An account as the help desk sees it.
pub async fn staff_account(account_id: i64) -> Result<StaffAccountView, ApiFailure> {
    answer(get(&routes::API_STAFF_ACCOUNT.with(&account_id.to_string()))).await
}

/// A help desk action, with the staff session's CSRF token.
pub async fn staff_action(
    csrf_token: String,
    account_id: i64,
    action: AccountAction,
    form: ActionForm,
) -> Result<Notice, ApiFailure> {
    let url = routes::API_STAFF_ACCOUNT.with(&format!("{account_id}/{}", action.code()));
    answer(with_token(&url, &csrf_token).json(&form)).await
}

/// The staff list (administrators).
pub async fn staff_list() -> Result<Vec<StaffListEntry>, ApiFailure> {
    answer(get(routes::API_STAFF_MEMBERS)).await
}

/// A staff member and what they did (administrators).
pub async fn staff_member(staff_id: i64) -> Result<StaffMemberActivity, ApiFailure> {
    answer(get(&routes::API_STAFF_MEMBER.with(&staff_id.to_string()))).await
}

/// An administrator adds a member, or gives them another role.
pub async fn add_staff_member(csrf_token: String, form: StaffMemberForm) -> Result<Notice, ApiFailure> {
    answer(with_token(routes::API_STAFF_MEMBERS, &csrf_token).json(&form)).await
}

/// An administrator removes a member.
pub async fn remove_staff_member(csrf_token: String, staff_id: i64) -> Result<Notice, ApiFailure> {
    let url = routes::API_STAFF_MEMBER.with(&format!("{staff_id}/remove"));
    answer(with_token(&url, &csrf_token).json(&NOTHING)).await
}

/// The reminder campaigns of the last 400 days, newest first.
pub async fn campaigns() -> Result<Vec<CampaignView>, ApiFailure> {
    answer(get(routes::API_STAFF_CAMPAIGNS)).await
}

/// A new campaign, as a draft.
pub async fn compose_campaign(csrf_token: String, form: CampaignForm) -> Result<Notice, ApiFailure> {
    answer(with_token(routes::API_STAFF_CAMPAIGNS, &csrf_token).json(&form)).await
}

/// One campaign, with three of its emails as they will be written.
pub async fn campaign(id: i64) -> Result<CampaignPage, ApiFailure> {
    answer(get(&routes::API_STAFF_CAMPAIGN.with(&id.to_string()))).await
}

/// Approve, pause, resume or cancel a campaign.
pub async fn change_campaign(csrf_token: String, id: i64, change: CampaignChange) -> Result<Notice, ApiFailure> {
    let url = routes::API_STAFF_CAMPAIGN.with(&format!("{id}/{}", change.code()));
    answer(with_token(&url, &csrf_token).json(&NOTHING)).await
}

/// The migration funnel, per day, for an account type and a State (empty: all).
pub async fn funnel(account_type: String, state: String) -> Result<Vec<FunnelDay>, ApiFailure> {
    answer(get(&with_query(routes::API_STAFF_FUNNEL, &[("type", &account_type), ("state", &state)]))).await
}

/// `path?name=value&…`, each value encoded as a form's.
fn with_query(path: &str, pairs: &[(&str, &str)]) -> String {
    let Ok(params) = web_sys::UrlSearchParams::new() else { return path.to_owned() };
    for (name, value) in pairs {
        params.append(name, value);
    }
    format!("{path}?{}", String::from(params.to_string()))
}

/// The body of a POST that says nothing but "do it": `{}`.
#[derive(Serialize)]
struct Nothing {}
const NOTHING: Nothing = Nothing {};

fn json_request(url: &str, method: Method) -> RequestBuilder {
    RequestBuilder::new(url).method(method).header("accept", "application/json")
}

/// A change: posted with the CSRF token of the session (or of the question) it is made in.
fn with_token(url: &str, csrf_token: &str) -> RequestBuilder {
    json_request(url, Method::POST).header(CSRF_HEADER, csrf_token)
}

fn get(url: &str) -> Result<Request, gloo_net::Error> {
    json_request(url, Method::GET).build()
}

fn post(url: &str, body: &impl Serialize) -> Result<Request, gloo_net::Error> {
    json_request(url, Method::POST).json(body)
}

/// A read whose failure a page shows as nothing (the header's session, the
/// deadline): the answer, or none. Unlike [`answer`] it reads no error's body,
/// and the browser's `JSON.parse` reads the answer into the same serde types
/// (`serde-wasm-bindgen`): the public bundle then carries no `serde_json`.
async fn read_quietly<T: DeserializeOwned>(url: &str) -> Option<T> {
    let response = get(url).ok()?.send().await.ok()?;
    if !response.ok() {
        return None;
    }
    let body = wasm_bindgen_futures::JsFuture::from(web_sys::Response::from(response).json().ok()?).await.ok()?;
    serde_wasm_bindgen::from_value(body).ok()
}

/// Sends the request; the registry's answer, or why there is none, in words for the person.
async fn answer<T: DeserializeOwned>(request: Result<Request, gloo_net::Error>) -> Result<T, ApiFailure> {
    let response = request.map_err(|_| ApiFailure::Unreachable)?.send().await.map_err(|_| ApiFailure::Unreachable)?;
    if response.ok() {
        return response.json().await.map_err(|_| ApiFailure::Unreachable);
    }
    if response.status() == 401 {
        return Err(ApiFailure::NotSignedIn);
    }
    match response.json::<ApiError>().await {
        Ok(error) if !error.fields.is_empty() => Err(ApiFailure::Fields(error.fields)),
        Ok(ApiError { challenge: Some(challenge), message, .. }) => Err(ApiFailure::Challenge { challenge, message }),
        Ok(error) => Err(ApiFailure::Refused(error.message)),
        Err(_) => Err(ApiFailure::Unreachable),
    }
}
