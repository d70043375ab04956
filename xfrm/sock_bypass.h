/* Per-socket IPsec bypass, so that the daemon's own GDOI traffic (UDP 848)
 * is never captured by a policy such as "permit ip any any". */
#ifndef GETVPND_XFRM_SOCK_BYPASS_H
#define GETVPND_XFRM_SOCK_BYPASS_H

/* Sets allow policies for both directions on an IPv4 socket. 0 or -errno. */
int gv_socket_bypass_ipsec(int fd);

#endif
