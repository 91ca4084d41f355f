# ssh-keygen -y prints the public key of a private one.
# needs: ssh
# mask: mac ifindex port
ssh-keygen -q -t ed25519 -N '' -f /tmp/k
ssh-keygen -y -f /tmp/k > /tmp/k2.pub
cut -d' ' -f1,2 /tmp/k.pub > /tmp/a
cut -d' ' -f1,2 /tmp/k2.pub > /tmp/b
cmp /tmp/a /tmp/b && echo same
