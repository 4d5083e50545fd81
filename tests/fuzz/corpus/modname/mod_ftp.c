#include "conf.h"
module ftpx_module = {
  NULL, NULL, 0x20, "ftpx", NULL, NULL, NULL, NULL, NULL, NULL, MOD_FTPX_VERSION
};
