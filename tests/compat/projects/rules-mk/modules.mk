mod_ruled.la: mod_ruled.slo
	$(SH_LINK) -rpath $(libexecdir) -module -avoid-version  mod_ruled.lo
DISTCLEAN_TARGETS = modules.mk
shared =  mod_ruled.la
