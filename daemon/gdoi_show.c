/* The GDOI service's commands: the `show crypto gdoi` family (formatted by
 * gdoi/pull_show.c on the service's live tables), `show crypto isakmp sa`
 * and `clear crypto gdoi`. */
#include "config.h"

#include "daemon/gdoi_service_int.h"
#include "daemon/gm_dataplane_retry.h"
#include "daemon/rekey_service.h"
#include "gdoi/pull_show.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

struct isakmp_row_ctx {
	FILE *out;
	bool json;
	unsigned n;
};

/* IOS names an established SA used for GDOI registration GDOI_IDLE; dst is
 * the responder (the key server), src the initiator. */
static void isakmp_row(const struct ike_sa *sa, const char *state, void *arg)
{
	struct isakmp_row_ctx *c = arg;
	const struct sockaddr_in *dst = sa->role == IKE_RESPONDER ? &sa->local : &sa->peer;
	const struct sockaddr_in *src = sa->role == IKE_RESPONDER ? &sa->peer : &sa->local;
	char d[INET_ADDRSTRLEN], s[INET_ADDRSTRLEN];
	bool established = sa->conn_id != 0 && strcmp(state, "QM_IDLE") == 0;
	const char *shown = established ? "GDOI_IDLE" : state;

	inet_ntop(AF_INET, &dst->sin_addr, d, sizeof(d));
	inet_ntop(AF_INET, &src->sin_addr, s, sizeof(s));
	if (c->json) {
		fprintf(c->out, "%s{\"dst\":\"%s\",\"src\":\"%s\",\"state\":\"%s\",\"conn_id\":%u,"
			"\"status\":\"%s\",\"role\":\"%s\"}", c->n ? "," : "", d, s, shown,
			sa->conn_id, established ? "ACTIVE" : "",
			sa->role == IKE_RESPONDER ? "responder" : "initiator");
	} else {
		fprintf(c->out, "%-15s %-15s %-14s %7u %s\n", d, s, shown, sa->conn_id,
			established ? "ACTIVE" : "");
	}
	c->n++;
}

void gdoi_show_isakmp_sa(FILE *out, const struct ike_ctx *ike, bool json)
{
	struct isakmp_row_ctx c = { .out = out, .json = json };

	if (json)
		fputs("{\"ipv4\":[", out);
	else
		fputs("IPv4 Crypto ISAKMP SA\ndst             src             state          conn-id status\n",
		      out);
	if (ike)
		ike_show_foreach(ike, isakmp_row, &c);
	if (json)
		fputs("]}\n", out);
	else
		fputs("\nIPv6 Crypto ISAKMP SA\n\n", out);
}

enum cli_result gdoi_service_show(struct cli_session *sess, const struct cli_args *a,
				  struct gdoi_service *s, cli_print_fn print)
{
	struct gdoi_show_req req = { .s = s, .json = cli_arg_has(a, "json") };

	return cli_out_printed(sess, print, &req);
}

static void print_isakmp_sa(FILE *out, void *arg)
{
	const struct gdoi_show_req *req = arg;

	gdoi_show_isakmp_sa(out, req->s->ike, req->json);
}

static enum cli_result show_isakmp_sa(struct cli_session *sess, const struct cli_args *a,
				      void *ctx)
{
	return gdoi_service_show(sess, a, ctx, print_isakmp_sa);
}

static enum cli_result clear_gdoi(struct cli_session *sess, const struct cli_args *a, void *ctx)
{
	struct gdoi_service *s = ctx;

	(void)a;
	(void)sess;
	gm_service_clear(s, pull_now());
	gm_service_poll(s, pull_now());
	return CLI_OK;
}

static enum cli_result ks_rekey_cmd(struct cli_session *sess, const struct cli_args *a, void *ctx)
{
	struct gdoi_service *s = ctx;

	if (!s->n_ks) {
		cli_error(sess, "%% No key server group is running\n");
		return CLI_ERROR;
	}
	ks_rekey_request(s, cli_arg_has(a, "replace"));
	return CLI_OK;
}

static const char *const help_isakmp_sa[] = { "Show running system information",
	"Encryption module", "Show ISAKMP information", "Show ISAKMP Security Associations",
	"Print the same facts as JSON", NULL };
static const char *const help_clear[] = { "Reset functions", "Encryption module",
	"Clear the group member registrations and register again", NULL };

static const char *const help_rekey[] = { "Encryption module", "Configure GDOI",
	"Key server", "Send a rekey to the group members now",
	"Replace the TEKs at once (the old ones are withdrawn)", NULL };

static const struct cli_command gdoi_service_commands[] = {
	{ CLI_MODE_ANY_EXEC, "show crypto isakmp sa [json$json]", help_isakmp_sa,
	  show_isakmp_sa, 0 },
	{ CLI_MODE_PRIV_EXEC, "clear crypto gdoi", help_clear, clear_gdoi, 0 },
	{ CLI_MODE_PRIV_EXEC, "crypto gdoi ks rekey [replace-now$replace]", help_rekey,
	  ks_rekey_cmd, 0 },
	{ 0, NULL, NULL, NULL, 0 },
};

int gdoi_service_register(struct cli_tree *tree, struct gdoi_service *s)
{
	if (cli_tree_register(tree, pull_show_commands, &s->show) != 0 ||
	    rekey_service_register(tree, s) != 0 || gm_dp_faults_register(tree, s) != 0)
		return -1;
	return cli_tree_register(tree, gdoi_service_commands, s);
}
