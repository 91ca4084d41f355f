# tail checks -s, --pid and --max-unchanged-stats as coreutils does and
# warns when --pid or --retry cannot matter; a pipe is not followed.
# ---presume-input-pipe is hidden behind three dashes.
echo a | tail -f
echo a | tail -f -s 0.5 --pid=1 --max-unchanged-stats=5
echo a | tail -s 1e1 -s ' 1' -s 0x10 -s inf
echo a | tail -s x
echo a | tail -s -1
echo a | tail -s nan
echo a | tail --pid=x
echo a | tail --pid=-1
echo a | tail --pid=99999999999999999999
echo a | tail --pid=' 5'
echo a | tail --max-unchanged-stats=1k
echo a | tail --retry
echo a | tail -f --retry
echo a | tail --retry --pid=1
echo a | tail --follow=descriptor
echo a | tail --follow=n
echo a | tail --follow=x
echo a | tail --presume-input-pipe
echo a | tail ---presume-input-pipe
echo a | head ---presume
echo a | head --presume-input-pipe
