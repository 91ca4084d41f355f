# `ip rule` add, del, list and flush: every action, the priorities a rule
# without `pref` gets, detached devices, unresolved gotos, and the errors.
# mask: ifindex
ip link add v0 type veth peer name v1
ip rule add not from 10.9.0.0/16 blackhole pref 600
ip rule add unreachable pref 601
ip rule add prohibit pref 602
ip rule add fwmark 7 table main pref 603
ip rule add from 10.0.0.0/8 goto 32766 pref 605
ip rule add from 1.2.3.4 to 5.6.7.8 nop pref 606
ip rule add from 1.2.3.5 table 100 suppress_prefixlength 0 pref 607
ip rule add iif v0 table default pref 608
ip rule add iif nosuch table 5 pref 609
ip rule add oif v9 table 5 pref 610
ip rule add fwmark 0x10/0x10 lookup 5 pref 611
ip rule add to 1.2.3.4/32 lookup 5 pref 612
ip -j rule
ip -j -p rule show pref 605
ip rule
ip rule add pref 611 fwmark 0x10/0x10 lookup 5; echo rc=$?
ip rule add goto 5; echo rc=$?
ip rule add goto 99999; echo rc=$?
ip rule add from 10.0.0.0/8 table; echo rc=$?
ip rule add lookup 5 pref abc; echo rc=$?
ip rule add fwmark zz lookup 5; echo rc=$?
ip rule add frm 1.1.1.1 table 10; echo rc=$?
ip rule add from bogus table 10; echo rc=$?
ip rule add table 5 table 6; ip rule show table 6; echo rc=$?
ip rule del pref 600 pref 601; echo rc=$?
ip rule show pref 601; echo rc=$?
ip rule del from 1.2.3.4; ip rule show pref 606; echo rc=$?
ip rule del iif v0; echo rc=$?
ip rule del; echo rc=$?
ip rule del pref 9999; echo rc=$?
ip rule list iif v0; ip rule list fwmark 7; ip rule list not; echo rc=$?
ip rule add from 10.1.0.0/16 to 10.2.0.0/16 priority 3 table 9
ip rule add from 10.1.0.0/16 to 10.2.0.0/16 order 4 table 9
ip rule add from 10.1.0.0/16 to 10.2.0.0/16 preference 5 table 9
ip rule | head -6
ip rule del pref 3; ip rule del from 10.1.0.0/16 to 10.2.0.0/16 table 9; ip rule | head -4
ip rule del table 9 pref 5; ip rule | head -4
ip rule add from 10.1.0.0/16 to 10.2.0.0/16 pref 10 table 9; ip rule del from 10.1.0.0/16 table 7; echo rc=$?
ip rule del from 10.1.0.0/16 to 10.3.0.0/16; echo rc=$?
ip rule del to 10.2.0.0/16 pref 10; echo rc=$?
ip rule add pref 0 lookup 4; ip rule add lookup 3; ip rule
ip rule flush; echo rc=$?
ip rule
ip rule add from 10.0.0.1 table 0; echo rc=$?
ip rule add from 10.0.0.1; echo rc=$?
ip rule
ip rule add fwmark zz/0x1 table 1; echo rc=$?
ip rule add fwmark 0x1/0xzz table 1; echo rc=$?
ip rule add iif aaaaaaaaaaaaaaaaaaaaaaaa table 1; echo rc=$?
ip rule add iif "a b" table 1; echo rc=$?
ip rule add oif a:b table 1 pref 9; echo rc=$?
ip rule add from 10.0.0.1/33 table 1; echo rc=$?
ip rule add pref 4294967296 table 1; echo rc=$?
ip rule show pref 9
