/* route_healthz.c: GET /healthz, liveness for systemd and load balancers. */
#include "config.h"

#include "server/server.h"

enum MHD_Result
route_healthz(struct request *req)
{
	return request_reply_text(req, MHD_HTTP_OK, "ok\n");
}
