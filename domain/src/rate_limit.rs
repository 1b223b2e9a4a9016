//! Rate limits on what sends email: who is counted, and when to refuse.

use std::net::IpAddr;

/// What a person is told when over a limit.
pub const TOO_MANY_REQUESTS: &str = concat!(
    "You have made too many requests. Please wait an hour and try again, or contact ",
    crate::the_help_desk!(),
    "."
);

/// The counter one transfer request adds to: its client's address, kept only
/// as a hash. Nothing counts per National Registry number: anyone may type an
/// examiner's number, and a count of it would let them lock the examiner out.
/// What a claim can cost an examiner — emails — is limited per account instead
/// ([`TRANSFER_EMAILS_PER_HOUR`]).
pub fn transfer_buckets(client_ip: &str) -> [String; 1] {
    [format!("transfer-ip:{}", ip_hash(client_ip))]
}

/// Transfer emails one account gets in an hour, whoever claims it: the claim
/// is decided all the same (and answered with the same words), only no
/// further email is sent — the owner has the ones sent already.
pub const TRANSFER_EMAILS_PER_HOUR: i64 = 3;

/// Email changes a signed-in person may ask for in an hour: each sends an email.
pub const EMAIL_CHANGES_PER_HOUR: i64 = 5;

/// The counters one email-change request adds to: the account, and the client's address (hashed).
pub fn email_change_buckets(account_id: i64, client_ip: &str) -> [String; 2] {
    [format!("email-change-account:{account_id}"), format!("email-change-ip:{}", ip_hash(client_ip))]
}

fn ip_hash(client_ip: &str) -> String {
    let mut hash = crate::hex::sha256_hex(&client_network(client_ip));
    hash.truncate(24);
    hash
}

/// The client a limit counts: an IPv4 address, or an IPv6 address's /64. One
/// home or phone is given a whole /64, and would otherwise count as endless
/// clients. What is no address counts as itself.
fn client_network(client_ip: &str) -> String {
    match client_ip.trim().parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let [a, b, c, d, ..] = v6.segments();
                format!("{a:x}:{b:x}:{c:x}:{d:x}::/64")
            }
        },
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Err(_) => client_ip.to_owned(),
    }
}

/// Allowed while every count, this one included, is within its limit.
pub fn allowed(hits_and_limits: &[(i64, i64)]) -> bool {
    hits_and_limits.iter().all(|(hits, limit)| hits <= limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fifth_request_in_an_hour_is_allowed_and_the_sixth_is_not() {
        assert!(allowed(&[(5, 5), (1, 30)]));
        assert!(!allowed(&[(6, 5), (1, 30)]));
        assert!(!allowed(&[(1, 5), (31, 30)]));
    }

    #[test]
    fn the_client_address_is_counted_but_not_kept_and_no_registry_number_is_counted() {
        let [by_ip] = transfer_buckets("203.0.113.7");
        assert!(by_ip.starts_with("transfer-ip:") && !by_ip.contains("203.0.113.7"));
        assert_ne!(by_ip, transfer_buckets("203.0.113.8")[0]);
    }

    #[test]
    fn an_ipv6_client_is_counted_by_its_64_and_a_mapped_ipv4_as_the_ipv4() {
        assert_eq!(client_network("2001:db8:85a3:12::1"), "2001:db8:85a3:12::/64");
        assert_eq!(client_network("2001:0db8:85a3:0012:ffff:eeee:dddd:cccc"), "2001:db8:85a3:12::/64");
        assert_eq!(client_network("::ffff:203.0.113.7"), "203.0.113.7");
        assert_eq!(client_network("203.0.113.7"), "203.0.113.7");
        assert_eq!(client_network(""), "");
        let [_, one] = email_change_buckets(1, "2001:db8:85a3:12::1");
        let [_, same_home] = email_change_buckets(1, "2001:db8:85a3:12:aaaa::2");
        let [_, next_door] = email_change_buckets(1, "2001:db8:85a3:13::1");
        assert_eq!(one, same_home);
        assert_ne!(one, next_door);
    }
}
