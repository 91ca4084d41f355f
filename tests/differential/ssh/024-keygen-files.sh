# ssh-keygen writes a private and a public key with their modes.
# needs: ssh
# mask: mac ifindex port
ssh-keygen -q -t ed25519 -N '' -f /tmp/k
stat -c '%a %n' /tmp/k /tmp/k.pub
wc -l < /tmp/k.pub
ssh-keygen -q -t ed25519 -N '' -f ~/.ssh/id_ed25519
stat -c '%a %n' ~/.ssh
cut -d' ' -f1 ~/.ssh/id_ed25519.pub
