# `ip netns set NAME NSID|auto` gives a peer namespace an id (auto: the
# lowest free; an id is never changed, nor shared); `ip netns list-id`
# lists them by id with the name, `target-nsid N` another namespace's
# ids with this one's (`current-nsid`), `nsid N` one peer; deleting a
# namespace frees its ids (once the kernel has cleaned it up); iproute2's
# complaints word for word. Seen from a namespace `h`: the root namespace
# may hold an id for itself.
ip netns add h
ip netns add a
ip netns add b
ip netns add c
ip -n h netns list-id; echo rc=$?
ip -n h netns set a 5; echo rc=$?
ip -n h netns set a 6; echo rc=$?
ip -n h netns set b auto; echo rc=$?
ip -n h netns set c 5; echo rc=$?
ip -n h netns set c 0x10 extra; echo rc=$?
ip -n h netns set zz 3; echo rc=$?
ip -n h netns set b abc; echo rc=$?
ip -n h netns set b -1; echo rc=$?
ip -n h netns set c 2147483648; echo rc=$?
ip -n h netns set b; echo rc=$?
ip -n h netns set; echo rc=$?
ip -n h netns set a/b 3; echo rc=$?
ip -n h netns list
ip -n h netns list-id; echo rc=$?
ip -n h -j netns list-id; echo
ip -n h -j -p netns list-id; echo
ip -n h netns list-id nsid 5; echo rc=$?
ip -n h netns list-id nsid 8; echo rc=$?
ip -n a netns list-id; echo rc=$?
ip -n a netns set b 7; echo rc=$?
ip -n a netns set a 9; echo rc=$?
ip -n a netns list-id; echo rc=$?
ip -n a netns list
ip -n h netns list-id target-nsid 5; echo rc=$?
ip -n h netns list-id target-nsid 0; echo rc=$?
ip -n h netns list-id target-nsid 99; echo rc=$?
ip -n h netns list-id target-nsid 5 nsid 0; echo rc=$?
ip -n h netns list-id target-nsid 0 nsid 5; echo rc=$?
ip -n h netns list-id target-nsid 5 nsid 7; echo rc=$?
ip -n h netns list-id target-nsid 9 nsid 5; echo rc=$?
ip -n h -j netns list-id target-nsid 5; echo
ip -n h netns list-id target-nsid -1; echo rc=$?
ip -n h netns list-id nsid -1 target-nsid 5; echo rc=$?
ip -n h netns list-id target-nsid abc; echo rc=$?
ip -n h netns list-id nsid abc; echo rc=$?
ip -n h netns list-id target-nsid 5 target-nsid 3; echo rc=$?
ip -n h netns list-id target-nsid; echo rc=$?
ip -n h netns list-id foo; echo rc=$?
ip netns del b
sleep 1
ip -n h netns list-id
ip -n a netns list-id
ip netns add d
ip -n h netns set d auto
ip -n h netns list-id
