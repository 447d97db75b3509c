/*
 * The one thing Node cannot do itself for the kernel adapter: attach a file descriptor to a
 * TUN device (ioctl TUNSETIFF). Everything else (reading and writing packets, sockets, the
 * namespace) is done from TypeScript. Built on first use with the system C compiler against
 * Node's own headers (see native.ts); plain Node-API, so it needs no npm package.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <node_api.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static napi_value fail(napi_env env, const char *what, int err) {
  char msg[160];
  snprintf(msg, sizeof msg, "%s: %s", what, strerror(err));
  napi_throw_error(env, NULL, msg);
  return NULL;
}

/*
 * open(name): the fd of a new TUN device named `name` (IFF_TUN | IFF_NO_PI: bare IP packets).
 * Non-blocking: a blocking read would hold one of libuv's pool threads, and Node's exit waits
 * for that thread forever.
 */
static napi_value open_tun(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  char name[IFNAMSIZ];
  size_t len = 0;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 1 ||
      napi_get_value_string_utf8(env, argv[0], name, sizeof name, &len) != napi_ok || len == 0 || len >= IFNAMSIZ - 1) {
    napi_throw_type_error(env, NULL, "open(name): name must be a string of 1 to 14 characters");
    return NULL;
  }
  int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return fail(env, "open /dev/net/tun", errno);
  struct ifreq ifr;
  memset(&ifr, 0, sizeof ifr);
  ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
  memcpy(ifr.ifr_name, name, len);
  if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
    int err = errno;
    close(fd);
    return fail(env, "ioctl TUNSETIFF", err);
  }
  napi_value out;
  napi_create_int32(env, fd, &out);
  return out;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "open", NAPI_AUTO_LENGTH, open_tun, NULL, &fn);
  napi_set_named_property(env, exports, "open", fn);
  return exports;
}
