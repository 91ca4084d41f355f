# dnsmasq's command line read with GNU getopt over its own table
# (opterr off): abbreviations, clusters, optional values, junk, and the
# order in which a bad value and a bad word are reported. --test checks
# the syntax without starting the server.
# needs: dnsmasq
dnsmasq --test
dnsmasq --tes
dnsmasq --test --addr=/a/1.2.3.4 --no-resol -kd -p5353 -S 8.8.8.8
dnsmasq --test --log-queries=extra --cache-size=100 -c 100
dnsmasq --test --log-queries=extra --cache-size=100 -u nobody
dnsmasq --test --address /a/1.2.3.4 --listen-address 127.0.0.1 --local-service
dnsmasq --test --cname=www.a.test,a.test --host-record=a.test,10.0.0.5
dnsmasq --foo
dnsmasq --lo --test
dnsmasq -p
dnsmasq --test --port=99999
dnsmasq --test --user x
dnsmasq --test --log-queries extra
dnsmasq --test -- x
dnsmasq --test --cache-size 100
dnsmasq --address=/a/x --test
dnsmasq -A /x/bad --foo
dnsmasq --cname=a --test
dnsmasq --test -C /nonexistent
dnsmasq -v --foo
dnsmasq --foo -v
dnsmasq --version
dnsmasq --help
