# ip rule lists the kernel's default rules (no default table rule for
# IPv6) and selects by table and pref.
ip rule
ip rule show
ip rule s
ip -6 rule
ip rule list table main
ip rule l table 253
ip rule show pref 0
ip rule show pref x
ip rule list table foo
ip rule foo
ip rule help
