/* route_metrics.c: GET /metrics in the Prometheus text exposition format. */
#include "config.h"

#include "common/strbuf.h"
#include "server/server.h"

enum MHD_Result
route_metrics(struct request *req)
{
	struct strbuf sb = STRBUF_INIT;
	size_t len;
	char *body;

	metrics_format(&sb);
	body = strbuf_detach(&sb, &len);
	return request_reply(req, MHD_HTTP_OK,
	    "text/plain; version=0.0.4; charset=utf-8", body, len);
}
