//! net-tools 2.10's `route` and `ifconfig`: the old ioctl-era views of
//! the routing table and the interfaces, over the same world `ip` shows.
//! (`arp` and `netstat`, also net-tools, live in `arp.rs` and `sockets/`.)

pub mod ifconfig;
pub mod ifconfig_show;
pub mod route;
pub mod route_args;

use super::Command;

/// The commands of this folder.
pub static COMMANDS: &[Command] = &[
    Command {
        name: "ifconfig",
        summary: "configure a network interface (net-tools)",
        summary_ko: "네트워크 인터페이스의 주소·상태를 보거나 설정합니다 (net-tools)",
        usage: "ifconfig [-a] [-s] [IFACE] | ifconfig IFACE [ADDR[/LEN]] [netmask NM] [broadcast B] [mtu N] [up|down]",
        run: ifconfig::ifconfig,
        complete: None,
    },
    Command {
    name: "route",
    summary: "show / manipulate the IP routing table (net-tools)",
    summary_ko: "라우팅 테이블을 보거나 경로를 추가·삭제합니다 (net-tools)",
    usage: "route [-nNvee] [-FC] | route [-v] {add|del} [-net|-host] TARGET[/PREFIX] [netmask NM] [gw GW] [metric N] [reject] [[dev] IF]",
    run: route::route,
    complete: None,
},
];
