/* The GDOI service of the daemon: built from the configuration model, it
 * owns the UDP 848 transport, the ISAKMP Main Mode context (responder on a
 * key server, initiator on a group member), the key server's groups and
 * the group member's instances, all on the daemon's event loop. It
 * follows configuration changes through the model's change hook. */
#ifndef GETVPND_DAEMON_GDOI_SERVICE_H
#define GETVPND_DAEMON_GDOI_SERVICE_H

#include "cli/command.h"

struct config;
struct event_base;
struct gdoi_service;

/* Hooks into the configuration's change notification; nothing runs on the
 * network before gdoi_service_start(). NULL on allocation failure. */
struct gdoi_service *gdoi_service_new(struct config *config);
/* The show and clear commands (they answer even before the start). */
int gdoi_service_register(struct cli_tree *tree, struct gdoi_service *svc);
/* Opens the sockets and starts the groups the configuration describes.
 * 0 ok, -1 when the event machinery cannot be set up. */
int gdoi_service_start(struct gdoi_service *svc, struct event_base *base);
/* Stops everything (the dataplane withdrawn, keys wiped). NULL ok. */
void gdoi_service_free(struct gdoi_service *svc);

#endif
