# `ip -j netns list`: one record per namespace, its "id" once this
# namespace has one for it (a veth peer moved there assigns it); `-p`;
# `ip -j netns add|del` print nothing; an empty list.
# (the harness's hidden namespace takes nsid 0 on the real side: masked)
# mask: /"id": ?[0-9]+/"id":N/
ip -j netns list
ip -j -p netns list
ip -j netns add a; echo rc=$?
ip netns add b
ip -j netns list
ip link add v1 type veth peer name v2 netns a
ip -j netns list
ip -j -p netns
ip -j netns del b; echo rc=$?
ip -j netns
ip -j -n a netns list
