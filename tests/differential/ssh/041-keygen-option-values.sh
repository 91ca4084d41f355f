# ssh-keygen checks -b, -a, -m and -E as OpenSSH does (then they change
# nothing for an Ed25519 key without a passphrase); -l -v draws the
# randomart; without -N the passphrase questions read stdin.
# needs: ssh-keygen
# mask: #SHA256:[A-Za-z0-9+/]{43}#SHA256:FP#
# mask: #\|[^|]{17}\|#|ART|#
cd /tmp
ssh-keygen -q -t ed25519 -N '' -f k -C me
ssh-keygen -l -v -f k.pub
ssh-keygen -lv -f k -E SHA256
ssh-keygen -l -f k.pub -b 1024 -a 100 -m pem
ssh-keygen -l -b x -f k.pub
ssh-keygen -l -b 0 -f k.pub
ssh-keygen -l -b 4294967296 -f k.pub
ssh-keygen -l -b ' 12' -f k.pub
ssh-keygen -l -a 0 -f k.pub
ssh-keygen -l -a 2147483648 -f k.pub
ssh-keygen -l -a 12x -f k.pub
ssh-keygen -l -m x -f k.pub
ssh-keygen -l -E sha -f k.pub
ssh-keygen -y -v -f k | cut -d' ' -f1,3
ssh-keygen -t ed25519 -b 4096 -a 64 -m PEM -N '' -f k2 -C me
ssh-keygen -t ed25519 -f k3 -C me; echo $?
printf 'a\nb\n' | ssh-keygen -q -t ed25519 -f k4; echo $?
head -1 k4
ssh-keygen -l -f k4 | cut -d' ' -f1,3-
