//! The cron's work for reminder campaigns (`domain::campaign`), natively
//! testable: each campaign sending writes the emails its pace allows now, in
//! batches of at most [`BATCH`], reading its audience afresh after the last
//! account it wrote to. A batch commits whole or not at all, and a recipient
//! is written once per campaign (the key of `campaign_recipients`), so that a
//! failure, a deploy or two crons at once resume where it stopped and never
//! write twice; what the campaign's batch wrote goes on the email queue.

use domain::campaign::{emails_due, BATCH};
use domain::emails::Unaddressed;

use crate::store::campaigns::{self, Sending};
use crate::store::{outbox, Database, StoreError};

/// Writes the reminders due now of every campaign sending, at `per_minute`
/// each; `write` gives a campaign's email. The outbox ids written, to enqueue.
pub async fn write_due(
    db: &dyn Database,
    per_minute: i64,
    write: &dyn Fn(&Sending) -> Unaddressed,
) -> Result<Vec<i64>, StoreError> {
    let mut written = Vec::new();
    for campaign in campaigns::sending(db).await? {
        let mut due = emails_due(per_minute, campaign.seconds, campaign.in_flight);
        let email = write(&campaign);
        let mut last = campaign.last_account;
        while due > 0 {
            let recipients = campaigns::next(db, &campaign.audience, last, due.min(BATCH)).await?;
            let Some(end) = recipients.last().map(|r| r.id) else {
                campaigns::finish(db, campaign.id, last).await?;
                break;
            };
            let results = db.batch(&campaigns::batch(campaign.id, &recipients, &email)).await?;
            written.extend(outbox::queued(&results));
            due -= i64::try_from(recipients.len()).unwrap_or(BATCH);
            last = end;
        }
    }
    Ok(written)
}
