# chmod's getopt_long table: -c/-v/-f reports, --reference, modes that
# look like options (-w), long-name prefixes and coreutils' errors.
# needs: chmod stat
cd /tmp
touch f
chmod 644 f
chmod -v 755 f
chmod -v 755 f
chmod -c 700 f
chmod -c 700 f
chmod -v -w f
chmod -w,+x f -v
chmod -f 600 nope; echo $?
chmod 600 nope
chmod --reference=f f -v
chmod -x
chmod
chmod 644
chmod -Q f
chmod --ch 644 f
chmod u+x --verb f
chmod -R
chmod 9 f
mkdir d
touch d/g
chmod -Rv 700 d
chmod --reference=nope f
chmod --quiet 600 nope; echo $?
stat -c '%a %n' f d d/g
