/* The vty protocol between getvpnsh (or any client) and getvpnd, on the
 * daemon's unix stream socket (--socket PATH). This comment is its
 * complete description.
 *
 * Framing
 *   Every message is one frame: a 4-byte big-endian length L, then L
 *   bytes: a one-byte kind and L-1 bytes of payload. 1 <= L <= 65536
 *   (VTY_MAX_FRAME); a frame outside these bounds, an unknown kind or a
 *   malformed payload makes the daemon drop the client. Text is UTF-8/ASCII
 *   without a terminating NUL.
 *
 * Requests (client -> daemon); each gets zero or more OUTPUT frames and
 * exactly one STATUS frame, in order; a client sends the next request
 * after that STATUS.
 *   'H' HELLO     payload: 1 flag byte. VTY_HELLO_PRIVILEGED starts the
 *                 session at "#" (getvpnsh -c, like vtysh);
 *                 VTY_HELLO_INTERACTIVE makes commands ask [confirm];
 *                 VTY_HELLO_ECHO prints "PROMPT LINE" before a caret
 *                 marker (for clients whose terminal did not echo it).
 *                 Optional; a session without it starts at ">".
 *   'X' EXECUTE   payload: 1 flag byte (VTY_EXEC_CONFIRMED: the user
 *                 answered [confirm] for this line), then the command line
 *                 (at most VTY_MAX_LINE bytes, no newline).
 *   'D' DESCRIBE  payload: the line up to the cursor; output is the `?`
 *                 listing exactly as to be printed.
 *   'C' COMPLETE  payload: the line up to the cursor; output is the
 *                 keywords that complete the last word, one per line.
 *   'P' PROMPT    no payload; only the STATUS (with the prompt) comes back.
 *
 * Replies (daemon -> client)
 *   'O' OUTPUT    payload: text to print as is; long output comes in
 *                 several OUTPUT frames.
 *   'S' STATUS    payload: 1 code byte, 2-byte big-endian terminal length
 *                 (0 = no paging), then the session's prompt now.
 *                 Codes (enum cli_status):
 *                   0 OK          the command succeeded
 *                   1 ERROR       the command ran and printed a "% ..." error
 *                   2 INVALID     % Invalid input detected at '^' marker.
 *                   3 INCOMPLETE  % Incomplete command.
 *                   4 AMBIGUOUS   % Ambiguous command:  "..."
 *                   5 CONFIRM     the output ends with a [confirm] question:
 *                                 send the same EXECUTE with
 *                                 VTY_EXEC_CONFIRMED to go ahead
 *                   6 CLOSE       the session ended (exit); the daemon
 *                                 closes the connection after this frame
 *
 * Every connection has its own session: mode, terminal length, history.
 */
#ifndef GETVPND_CLI_VTY_PROTOCOL_H
#define GETVPND_CLI_VTY_PROTOCOL_H

#include <stddef.h>
#include <stdint.h>

#define VTY_MAX_FRAME 65536u
#define VTY_MAX_LINE 4096u
#define VTY_HEADER_LEN 4u

enum vty_kind {
	VTY_HELLO = 'H',
	VTY_EXECUTE = 'X',
	VTY_DESCRIBE = 'D',
	VTY_COMPLETE = 'C',
	VTY_PROMPT = 'P',
	VTY_OUTPUT = 'O',
	VTY_STATUS = 'S',
};

enum vty_hello_flags {
	VTY_HELLO_PRIVILEGED = 1 << 0,
	VTY_HELLO_INTERACTIVE = 1 << 1,
	VTY_HELLO_ECHO = 1 << 2,
};

enum vty_exec_flags {
	VTY_EXEC_CONFIRMED = 1 << 0,
};

/* Writes the 4-byte header for a frame of kind + payload_len bytes. */
void vty_put_header(uint8_t hdr[VTY_HEADER_LEN], size_t payload_len);
/* The frame length L from a header; 0 when it is out of bounds. */
size_t vty_get_length(const uint8_t hdr[VTY_HEADER_LEN]);

struct vty_status {
	uint8_t code;
	uint16_t term_length;
	const char *prompt;     /* points into the frame, prompt_len bytes */
	size_t prompt_len;
};

#define VTY_STATUS_FIXED 3u
/* STATUS payload (without the kind byte); returns bytes written or 0. */
size_t vty_put_status(uint8_t *buf, size_t cap, uint8_t code, uint16_t term_length,
		      const char *prompt);
int vty_get_status(const uint8_t *payload, size_t len, struct vty_status *st);

#endif
