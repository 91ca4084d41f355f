# tee --output-error=exit stops at a write error: the files after it were
# opened (truncated) but get nothing; the default warns and goes on.
cd /tmp
echo old > f2
echo old > f3
echo bad | tee --output-error=exit /proc/sys/net/ipv4/ip_forward f2 f3; echo $?
wc -c f2 f3
echo old > f3
echo bad | tee -a --output-error=exit-nopipe /proc/sys/net/ipv4/ip_forward f3 f4; echo $?
cat f3 f4
echo bad | tee --output-error=warn /proc/sys/net/ipv4/ip_forward f2; echo $?
cat f2
echo bad | tee --output-error=exit /nope/x f2; echo $?
cat f2
echo bad | tee /nope/x f2; echo $?
mkdir -p d
echo bad | tee -a d /tmp; echo $?
