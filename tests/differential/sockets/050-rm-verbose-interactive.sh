# rm -v names what goes, -d removes empty directories, and -i/-I ask on
# stderr and read the answers from stdin, one line each.
# needs: rm
cd /tmp
mkdir -p e/s d
touch a b e/x
echo hi > e/s/y
rm -v a; echo $?
rm -vd d; echo $?
rm -d e; echo $?
rm -dv b e/s; echo $?
rm -rv e/s; echo $?
rm -rv e//; echo $?
touch c
rm -i c; echo $?
test -e c && echo kept
echo yes | rm -vi c; echo $?
mkdir -p f/g
touch f/g/h
rm -ri f; echo $?
printf 'y\ny\nn\ny\ny\n' | rm -rvi f; echo $?
printf 'y\ny\ny\ny\ny\n' | rm -rvi f; echo $?
touch 1 2 3 4
rm -I 1 2 3; echo $?
rm -vI 4 2>&1
echo y | rm -vI -r 4 nope; echo $?
rm -fi nope; echo $?
rm -if nope; echo $?
touch 5 6
rm -v --interactive 5; echo $?
rm -v --interactive=once 5 6; echo $?
rm -v --interactive=n 5; echo $?
rm --interactive= 5
rm --interactive=sometimes 5
rm -v --one-file-system 6; echo $?
