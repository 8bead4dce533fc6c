//! The links that send a person to their identification (contract §4).

use url::Url;

/// Long, short and embedded forms of the user's link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserLinks {
    /// `{go}/{cid}/identifications/{txn}`
    pub long: String,
    /// `{go}/{Ident-ID}`
    pub short: String,
    /// `{go}/{cid}/identifications/{txn}/identification/start`, for an iframe of at least 600×800.
    pub embedded: String,
    /// `{go}/app/{cid}/identifications/{txn}`: the same identification as AutoIdent
    /// (automated, no agent), for products that offer it.
    pub auto_ident: String,
}

/// Builds the links on the environment's user front end; `tid` is appended when given.
pub fn user_links(
    go: &Url,
    company_id: &str,
    transaction_number: &str,
    ident_id: &str,
    tracking_id: Option<&str>,
) -> UserLinks {
    let base = go.as_str().trim_end_matches('/');
    let with_tid = |mut url: String| {
        if let Some(tid) = tracking_id.filter(|t| !t.is_empty()) {
            let encoded: String = url::form_urlencoded::byte_serialize(tid.as_bytes()).collect();
            url.push_str("?tid=");
            url.push_str(&encoded);
        }
        url
    };
    UserLinks {
        long: with_tid(format!(
            "{base}/{company_id}/identifications/{transaction_number}"
        )),
        short: with_tid(format!("{base}/{ident_id}")),
        embedded: with_tid(format!(
            "{base}/{company_id}/identifications/{transaction_number}/identification/start"
        )),
        auto_ident: with_tid(format!(
            "{base}/app/{company_id}/identifications/{transaction_number}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_follow_the_contract() {
        let go = Url::parse("https://go.test.idnow.de").ok();
        let Some(go) = go else { panic!("static URL") };
        let links = user_links(&go, "ihrebank", "t-1", "TST-XLFYB", None);
        assert_eq!(
            links.long,
            "https://go.test.idnow.de/ihrebank/identifications/t-1"
        );
        assert_eq!(links.short, "https://go.test.idnow.de/TST-XLFYB");
        assert_eq!(
            links.embedded,
            "https://go.test.idnow.de/ihrebank/identifications/t-1/identification/start"
        );
        assert_eq!(
            links.auto_ident,
            "https://go.test.idnow.de/app/ihrebank/identifications/t-1"
        );
        let tracked = user_links(&go, "ihrebank", "t-1", "TST-XLFYB", Some("camp aign&1"));
        assert_eq!(
            tracked.short,
            "https://go.test.idnow.de/TST-XLFYB?tid=camp+aign%261"
        );
    }
}
