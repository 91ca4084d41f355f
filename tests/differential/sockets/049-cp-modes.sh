# cp gives a new copy the source's mode under the umask (no special bits)
# and leaves an old one's alone; -p and -a copy the mode exactly.
# needs: cp stat
cd /tmp
echo x > s
mkdir d
chmod 600 s
cp s n1
chmod 4755 s
cp s n2
chmod 666 s
cp s n3
echo old > e
chmod 640 e
cp s e
stat -c '%a %n' n1 n2 n3 e
cp -p s e
cp -p s n4
chmod 1777 s
cp -a s n5
stat -c '%a %n' e n4 n5
chmod 1777 d
cp -r d d2
cp -rp d d3
cp -a d d4
touch d/f
chmod 700 d/f
mkdir d5
cp -r d/. d5
stat -c '%a %n' d2 d3 d4 d5 d5/f
