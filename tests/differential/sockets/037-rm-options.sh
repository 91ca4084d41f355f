# rm's getopt_long table: clusters, long-name prefixes, options after
# operands, --, and coreutils' option errors.
# needs: rm
cd /tmp
rm
rm -f
rm -x
rm --bogus
rm --force=1 x
rm --forc x
rm --re x
rm --pre x
rm --no x
rm --no-preserve-root x
rm --interactive=never nonexist
rm -- -x
touch a b
rm a -f nonexist; echo $?
mkdir -p d/e
rm d
rm -fr d; echo $?
test -e b && echo kept
rm -R b nonexist
