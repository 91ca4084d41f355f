# hostname -i prints every /etc/hosts address of the name, -A the names
# /etc/hosts gives the interfaces' addresses, -d the canonical name's
# domain (none: nothing printed).
# needs: hostname
hostname
hostname -i
hostname -I
hostname -d
echo "10.0.2.15 host" >> /etc/hosts
hostname -i
hostname -I
hostname -A
hostname -f
hostname -d
hostname -s
echo "127.0.1.1 host.lab.example host" > /etc/hosts
hostname -f
hostname -d
hostname --domain
hostname -A
