# grep on data with a NUL byte says "binary file matches" on stderr
# instead of printing the line, unless -a; counts, lists and -q are as
# for text. -U and --line-buffered change nothing on Linux.
cd /tmp
printf 'one\0\ntwo\n' > bin
printf 'two\n' > txt
grep two bin; echo $?
grep -n one bin txt
grep two bin txt
grep -a two bin
grep --text -n one bin | cat -v
grep -c two bin
grep -l two bin txt
grep -q two bin; echo $?
grep three bin; echo $?
printf 'a\0b\n' | grep b
printf 'a\0b\n' | grep --label=in -H b
grep -U --line-buffered two txt
