mod_@NAME@.la: mod_@NAME@.slo
	$(SH_LINK) -rpath $(libexecdir) -module -avoid-version  mod_@NAME@.lo
DISTCLEAN_TARGETS = modules.mk
shared =  mod_@NAME@.la
