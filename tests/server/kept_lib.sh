# tests/server/kept_lib.sh: one HTTP request at a time on a connection the test holds open (bash only: /dev/tcp, ${x,,}).

# kept_get PATH: GET bytes 100-163 of PATH on fd 3; sets K_STATUS and
# K_ETAG, leaves the body in $T/kb. Fails if the server closed.
kept_get() {
	printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: bytes=100-163\r\n\r\n' \
	    "$1" >&3 || bd_fail "$1: the connection is gone"
	IFS= read -r k_line <&3 || bd_fail "$1: the connection closed"
	K_STATUS=${k_line#HTTP/1.1 }
	K_STATUS=${K_STATUS%% *}
	K_ETAG=
	k_len=0
	while IFS= read -r k_line <&3; do
		k_line=${k_line%$'\r'}
		[ -n "$k_line" ] || break
		case ${k_line,,} in
		content-length:*) k_len=${k_line#*: } ;;
		etag:*) K_ETAG=${k_line#*: } ;;
		esac
	done
	head -c "$k_len" <&3 > "$T/kb"
}
