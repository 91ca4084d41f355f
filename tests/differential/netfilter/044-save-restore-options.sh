# iptables-save and iptables-restore: their own getopt tables, the file
# forms, -T, --test and the option errors.
# needs: iptables iptables-save iptables-restore
iptables -A INPUT -p tcp --dport 22 -j ACCEPT
iptables-save -x
iptables-save --foo
iptables-save -t
iptables-save -h
iptables-save -V
iptables-save --vers -x
iptables-save foo
iptables-save -t bogus
iptables-save -ct filter | grep -v '^#'
iptables-save --tab=filter --count | grep -v '^#'
iptables-save -f /tmp/dump; echo $?
grep -v '^#' /tmp/dump
iptables-save -f /nonexist/x
iptables-save -b -t filter | grep -v '^#'
iptables-restore -x
iptables-restore --foo
iptables-restore -T
iptables-restore -V -x
iptables-restore -h
iptables-restore a b
iptables-restore /nonexist
printf '*filter\n-A INPUT -j DROP\nCOMMIT\n' > /tmp/r
iptables-restore --test /tmp/r; iptables -S INPUT
iptables-restore --noflush /tmp/r; iptables -S INPUT
printf '*nat\n-A BOGUS -j ACCEPT\nCOMMIT\n*filter\n-A INPUT -j ACCEPT\nCOMMIT\n' | iptables-restore -T filter; iptables -S INPUT
iptables-restore -w -W 5 -M /sbin/modprobe < /tmp/r; iptables -S INPUT
iptables-restore -b -c < /tmp/r
iptables-save foo -V
iptables-restore a b --vers
