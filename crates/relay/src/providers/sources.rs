//! Where webhooks may come from: a provider's `allow_from` networks, and the client address as
//! the relay sees it (a trusted reverse proxy's `X-Forwarded-For`, else the connection's peer).

use std::net::IpAddr;

use ipnet::IpNet;

/// Networks in CIDR form (`185.45.152.40/30`) or single addresses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Networks(Vec<IpNet>);

impl Networks {
    /// `what` names the config key in the error (`[zadarma] allow_from`).
    pub fn parse(list: &[String], what: &str) -> Result<Networks, String> {
        list.iter()
            .map(|item| {
                let item = item.trim();
                item.parse::<IpNet>()
                    .or_else(|_| item.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("{what}: {item:?} is not an address or a network like 185.45.152.40/30"))
            })
            .collect::<Result<_, _>>()
            .map(Networks)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// An empty allow-list lets every address in.
    pub fn allows(&self, ip: IpAddr) -> bool {
        self.is_empty() || self.contains(ip)
    }
}

/// The webhook's sender: the peer, or, when the peer is a trusted proxy, the right-most address
/// of `X-Forwarded-For` that is not one of the trusted proxies (the left-most are the
/// client's own word and can be forged).
pub fn client_ip(peer: IpAddr, forwarded_for: Option<&str>, trusted: &Networks) -> IpAddr {
    if !trusted.contains(peer) {
        return peer;
    }
    let Some(header) = forwarded_for else { return peer };
    let mut hops = header.rsplit(',').map(str::trim).filter(|h| !h.is_empty());
    let mut last = peer;
    for hop in hops.by_ref() {
        let Ok(ip) = hop.parse::<IpAddr>() else { return last };
        last = ip;
        if !trusted.contains(ip) {
            return ip;
        }
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nets(list: &[&str]) -> Networks {
        Networks::parse(&list.iter().map(|s| s.to_string()).collect::<Vec<_>>(), "test").unwrap()
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn an_allow_list_takes_networks_and_single_addresses() {
        let zadarma = nets(&["185.45.152.40/30", "10.1.2.3"]);
        assert!(zadarma.allows(ip("185.45.152.42")));
        assert!(!zadarma.allows(ip("185.45.152.44")));
        assert!(zadarma.allows(ip("10.1.2.3")));
        assert!(zadarma.allows(ip("::ffff:185.45.152.41")), "IPv4 seen through an IPv6 socket");
        assert!(Networks::default().allows(ip("203.0.113.9")), "empty: anyone");
        let bad = Networks::parse(&["185.45.152.40/33".to_string()], "[zadarma] allow_from").unwrap_err();
        assert!(bad.starts_with("[zadarma] allow_from: \"185.45.152.40/33\""), "{bad}");
    }

    #[test]
    fn forwarded_for_counts_only_behind_a_trusted_proxy() {
        let proxies = nets(&["127.0.0.1", "10.0.0.0/8"]);
        let xff = Some("203.0.113.9, 185.45.152.41, 10.0.0.7");
        // From the proxy: the right-most hop that is not a proxy.
        assert_eq!(client_ip(ip("127.0.0.1"), xff, &proxies), ip("185.45.152.41"));
        // From anyone else, the header is the sender's own word: ignored.
        assert_eq!(client_ip(ip("198.51.100.1"), xff, &proxies), ip("198.51.100.1"));
        assert_eq!(client_ip(ip("127.0.0.1"), None, &proxies), ip("127.0.0.1"));
        assert_eq!(client_ip(ip("127.0.0.1"), Some("garbage"), &proxies), ip("127.0.0.1"));
    }
}
