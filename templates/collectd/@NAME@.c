/*
 * @NAME@: a collectd plugin, made by `modxs -g -n @NAME@`.
 *
 * collectd calls module_register() when `LoadPlugin @NAME@` loads the
 * plugin; it registers a read callback, which collectd then calls every
 * Interval and which dispatches one gauge value, @NAME@/gauge.
 */
#include "collectd.h"
#include "plugin.h"

static int @NAME@_read(void)
{
	value_list_t vl = VALUE_LIST_INIT;
	value_t value = {.gauge = 42.0};

	vl.values = &value;
	vl.values_len = 1;
	snprintf(vl.plugin, sizeof(vl.plugin), "%s", "@NAME@");
	snprintf(vl.type, sizeof(vl.type), "%s", "gauge");
	return plugin_dispatch_values(&vl);
}

void module_register(void)
{
	plugin_register_read("@NAME@", @NAME@_read);
}
