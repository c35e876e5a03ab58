#!/bin/sh
# tests/cli/clients_ipxe.sh: which iPXE each client runs, from its one request: bootdeck's build or a stock one flagged, in `bootdeck clients` and on the Clients screen.
. "$top_srcdir/tests/console/console.sh"
. "$top_srcdir/tests/cli/cli.sh"
bd_need curl

"$BOOTDECK" init >/dev/null
bd_start_server
ours=52:54:00:00:0a:01 stock=52:54:00:00:0a:02 quiet=52:54:00:00:0a:03
# What the embedded bootstrap sends: every fact and build= in one request.
curl -fsS "$BD_URL/boot.ipxe?mac=$ours&platform=efi&arch=x86_64&uuid=u&serial=s&manufacturer=QEMU&product=Standard%20PC&version=2.0.0%2B&build=bootdeck-0.1.0" >/dev/null
# A Debian 2019 iPXE after the chain-back: no build=.
curl -fsS "$BD_URL/boot.ipxe?mac=$stock&platform=pcbios&arch=i386&version=1.0.0%2Bgit-20190125.36a4c85-5.1" >/dev/null
# A client that never said its version.
curl -fsS "$BD_URL/boot.ipxe?mac=$quiet&platform=pcbios&arch=i386" >/dev/null
bd_stop_server

bd_run 0 bd clients
bd_expect_grep '^MAC +HOST +IP +PLATFORM +ARCH +STAGE +ENTRY +IMAGE +SERVED +LAST-SEEN +IPXE$' "$T/out"
bd_expect_grep "^$ours .* 2\\.0\\.0\\+ bootdeck-0\\.1\\.0\$" "$T/out"
bd_expect_grep "^$stock .* 1\\.0\\.0\\+git-20190125\\.36a4c85-5\\.1 stock: no HTTPS, older than 2\\.0\\.0\$" "$T/out"
bd_expect_grep "^$quiet .* [0-9:]+ +-\$" "$T/out"
cp "$T/out" "$T/clients.1"

# The console shows the same under each client between downloads; a
# stock build stands out.
con_start
con_keys 3
con_wait "iPXE 2.0.0+ bootdeck-0.1.0"
con_wait "iPXE 1.0.0+git-20190125.36a4c85-5.1 stock: no HTTPS, older than 2.0.0"
con_quit

# The same machine later runs a stock iPXE: the build is gone with the
# report that lacked it; a request without facts keeps what was known.
bd_start_server
curl -fsS "$BD_URL/boot.ipxe?mac=$ours&platform=efi&arch=x86_64" >/dev/null
bd_stop_server
bd_run 0 bd clients
bd_expect_grep "^$ours .* 2\\.0\\.0\\+ bootdeck-0\\.1\\.0\$" "$T/out"
bd_start_server
curl -fsS "$BD_URL/boot.ipxe?mac=$ours&platform=efi&arch=x86_64&version=2.0.0%2B" >/dev/null
bd_stop_server
bd_run 0 bd clients
bd_expect_grep "^$ours .* 2\\.0\\.0\\+ stock: no HTTPS\$" "$T/out"
