# ping reads its options as getopt does: clusters, attached values, `--`.
# (Its usage text after an option error is shortened to the options
# netbook simulates, so those steps are not compared here.)
# mask: time
ip link set lo up
ping -nqc 1 127.0.0.1
ping -c1 -- 127.0.0.1
ping -qnc1 -w 5 127.0.0.1
