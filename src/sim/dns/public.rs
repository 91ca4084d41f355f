//! A simulated "well-known public resolver" (8.8.8.8, 8.8.4.4, 1.1.1.1,
//! 1.0.0.1) so `nameserver 8.8.8.8` lessons work offline and always print
//! the same answers.
//!
//! Its data is one small root-like zone in RFC 1035 master-file form. The
//! addresses are plausible but fixed: the real ones change over time, and
//! a lesson must print the same thing every run.

/// The addresses the simulated public resolvers listen on.
pub const RESOLVERS: &[&str] = &["8.8.8.8", "8.8.4.4", "1.1.1.1", "1.0.0.1"];

/// The zone the public resolvers answer from.
pub const ZONE: &str = r#"; The simulated Internet, as seen through a public recursive resolver.
$ORIGIN .
$TTL 86400
.               IN SOA a.root-servers.net. nstld.verisign-grs.com. 2024010100 1800 900 604800 86400
.               IN NS  a.root-servers.net.
a.root-servers.net. IN A 198.41.0.4

$ORIGIN example.com.
@       3600 IN SOA ns.icann.org. noc.dns.icann.org. 2024010101 7200 3600 1209600 3600
@       86400 IN NS a.iana-servers.net.
@       86400 IN NS b.iana-servers.net.
@       300  IN A    93.184.216.34
@       300  IN AAAA 2606:2800:220:1:248:1893:25c8:1946
@       300  IN MX   0 .
@       300  IN TXT  "v=spf1 -all"
www     300  IN CNAME example.com.

$ORIGIN google.com.
@       60   IN SOA ns1.google.com. dns-admin.google.com. 2024010102 900 900 1800 60
@       21600 IN NS ns1.google.com.
@       300  IN A    142.250.196.110
@       300  IN AAAA 2404:6800:4004:81d::200e
@       300  IN MX   10 smtp.google.com.
www     300  IN A    142.250.196.100
mail    300  IN CNAME googlemail.l.google.com.
googlemail.l 300 IN A 142.250.196.101
ns1     300  IN A    216.239.32.10
smtp    300  IN A    142.250.196.27

$ORIGIN dns.google.
@       900  IN SOA ns1.zdns.google. cloud-dns-hostmaster.google.com. 1 21600 3600 259200 300
@       900  IN A    8.8.8.8
@       900  IN A    8.8.4.4

$ORIGIN kubernetes.io.
@       3600 IN SOA ns-cloud-a1.googledomains.com. cloud-dns-hostmaster.google.com. 1 21600 3600 259200 300
@       3600 IN A    147.75.40.148
www     3600 IN CNAME kubernetes.io.
_https._tcp 3600 IN SRV 10 5 443 kubernetes.io.

$ORIGIN naver.com.
@       300  IN SOA ns1.naver.com. webmaster.naver.com. 2024010103 21600 1800 1209600 180
@       300  IN A    223.130.200.104
www     300  IN CNAME www.naver.com.nheos.com.
mail    300  IN A    125.209.238.100

$ORIGIN nheos.com.
@       300  IN SOA ns1.nheos.com. admin.nheos.com. 1 21600 1800 1209600 180
www.naver.com 300 IN A 223.130.200.219

$ORIGIN in-addr.arpa.
8.8.8.8     86400 IN PTR dns.google.
4.4.8.8     86400 IN PTR dns.google.
1.1.1.1     86400 IN PTR one.one.one.one.
34.216.184.93 86400 IN PTR example.com.

$ORIGIN one.one.one.one.
@       300  IN SOA ns3.cloudflare.com. dns.cloudflare.com. 1 10000 2400 604800 1800
@       300  IN A    1.1.1.1
@       300  IN A    1.0.0.1
"#;
