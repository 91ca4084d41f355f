# hostname -f (--long) prints the canonical name resolution gives: the
# first name on the /etc/hosts line, not the bare host name.
hostname -f
hostname --long
echo '10.9.9.9 web.lab.test web' >> /etc/hosts
hostname web
hostname -f
hostname --fqdn
hostname -i
hostname -s
