# stat's getopt_long table: -c attached or not, --format= and its
# prefix, --printf escapes, -L, and coreutils' errors.
# needs: stat
cd /tmp
touch f
chmod 640 f
stat -c
stat -x f
stat --form='%a' f
stat --printf='%a\t%n\n' f
stat --pr='%a' f; echo
stat -c '%a'
stat -c%a f nope
stat -Lc '%A %n' f
stat --format=%a --dereference f
