# procps sysctl's getopt table: clusters (-qw, -nq), long names and
# prefixes, -N/-b/-e, -p with an attached or a following file, --dry-run,
# -a with -r, and getopt's errors (usage on stdout, status 0).
# needs: sysctl
sysctl -qw net.ipv4.ip_forward=1
sysctl -nq net.ipv4.ip_forward
sysctl -N net.ipv4.ip_forward
sysctl --val net.ipv4.ip_forward net.ipv4.ip_default_ttl
sysctl -b net.ipv4.ip_default_ttl
sysctl net/ipv4/ip_forward
sysctl -e nope.x
sysctl -q nope.x
sysctl --dry-run -w net.ipv4.ip_forward=0
sysctl -n net.ipv4.ip_forward
sysctl -a -r 'ipv4.ip_forward$'
sysctl -a --pattern 'ip_default_ttl$'
printf 'net.ipv4.ip_forward = 0\n-nope.y = 1\n' > /tmp/f.conf
sysctl -p/tmp/f.conf
sysctl -q --load=/tmp/f.conf
sysctl -p /tmp/f.conf /tmp/missing.conf
sysctl -f /tmp/missing.conf
sysctl -o -x net.ipv4.ip_forward
sysctl -x
sysctl -w
sysctl -w net.ipv4.ip_forward
sysctl -z
sysctl --foo
sysctl -r
sysctl -V
sysctl -h
sysctl
