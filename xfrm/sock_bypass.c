/* IP_XFRM_POLICY "allow" on a socket, in and out. */
#include "xfrm/sock_bypass.h"

#include <errno.h>
#include <linux/xfrm.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#ifndef IP_XFRM_POLICY
#define IP_XFRM_POLICY 17
#endif

int gv_socket_bypass_ipsec(int fd)
{
	static const int dirs[] = { XFRM_POLICY_IN, XFRM_POLICY_OUT };

	for (unsigned i = 0; i < 2; i++) {
		struct xfrm_userpolicy_info p;

		memset(&p, 0, sizeof(p));
		p.sel.family = AF_INET;
		p.dir = dirs[i];
		p.action = XFRM_POLICY_ALLOW;
		p.lft.soft_byte_limit = p.lft.hard_byte_limit = XFRM_INF;
		p.lft.soft_packet_limit = p.lft.hard_packet_limit = XFRM_INF;
		if (setsockopt(fd, IPPROTO_IP, IP_XFRM_POLICY, &p, sizeof(p)) < 0)
			return -errno;
	}
	return 0;
}
