/* `show crypto gdoi gm dataplane faults [json]`: how the group member's
 * dataplane met kernel trouble: failed group SA installs and their retries
 * (gm_dataplane_retry.h), XFRM event overruns (each one followed by a
 * resync of the host pairs from a state dump). */
#include "config.h"

#include "daemon/gdoi_service_int.h"
#include "daemon/gm_dataplane_retry.h"

#include <stdlib.h>
#include <string.h>

static void faults_text(FILE *out, const struct gm_dp_retry_stats *st, unsigned long overruns)
{
	fprintf(out, "Group member dataplane faults\n");
	fprintf(out, "    Install failures         : %lu\n", st->failures);
	fprintf(out, "    Install retries          : %lu (%lu recovered)\n", st->retries,
		st->recoveries);
	if (st->pending)
		fprintf(out, "    Next retry               : in %u secs (attempt %u)\n",
			st->next_s, st->attempt + 1);
	fprintf(out, "    Last install error       : %s\n",
		st->last_error ? strerror(-st->last_error) : "none");
	fprintf(out, "    XFRM event overruns      : %lu (each resynced from a dump)\n", overruns);
}

static void faults_json(FILE *out, const struct gm_dp_retry_stats *st, unsigned long overruns)
{
	fprintf(out, "{\"install_failures\":%lu,\"install_retries\":%lu,\"recoveries\":%lu,"
		"\"retry_pending\":%s,\"next_retry_in\":%u,\"last_error\":\"%s\","
		"\"event_overruns\":%lu}\n",
		st->failures, st->retries, st->recoveries, st->pending ? "true" : "false",
		st->pending ? st->next_s : 0,
		st->last_error ? strerror(-st->last_error) : "", overruns);
}

static void print_faults(FILE *out, void *arg)
{
	const struct gdoi_show_req *req = arg;
	unsigned long overruns = gm_dp_hook_overruns(req->s->dp);
	struct gm_dp_retry_stats st;

	gm_dp_retry_stats(gm_dp_hook_retry(req->s->dp), &st);
	if (req->json)
		faults_json(out, &st, overruns);
	else
		faults_text(out, &st, overruns);
}

static enum cli_result show_faults(struct cli_session *sess, const struct cli_args *a, void *ctx)
{
	return gdoi_service_show(sess, a, ctx, print_faults);
}

static const char *const help_faults[] = { "Show running system information",
	"Encryption module", "Show GDOI information", "Group member information",
	"The kernel dataplane: live host pairs and anti-replay",
	"Kernel trouble met: failed installs, retries, event overruns",
	"Print the same facts as JSON", NULL };

static const struct cli_command faults_commands[] = {
	{ CLI_MODE_ANY_EXEC, "show crypto gdoi gm dataplane faults [json$json]", help_faults,
	  show_faults, 0 },
	{ 0, NULL, NULL, NULL, 0 },
};

int gm_dp_faults_register(struct cli_tree *tree, struct gdoi_service *s)
{
	return cli_tree_register(tree, faults_commands, s);
}
