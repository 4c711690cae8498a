/* errno: one plain global, as there is one thread. */
#include <errno.h>

int errno;
