/*
 * @NAME@: a PHP extension, made by `modxs -g -n @NAME@`.
 *
 * PHP calls get_module() (ZEND_GET_MODULE) when `extension=@NAME@.so`
 * loads the extension; its module entry names one function, @NAME@_hello().
 */
#include "php.h"

PHP_FUNCTION(@NAME@_hello)
{
	ZEND_PARSE_PARAMETERS_NONE();
	RETURN_STRING("hello from @NAME@");
}

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_@NAME@_hello, 0, 0, IS_STRING, 0)
ZEND_END_ARG_INFO()

static const zend_function_entry @NAME@_functions[] = {
	PHP_FE(@NAME@_hello, arginfo_@NAME@_hello)
	PHP_FE_END
};

zend_module_entry @NAME@_module_entry = {
	STANDARD_MODULE_HEADER,
	"@NAME@",
	@NAME@_functions,
	NULL, /* MINIT */
	NULL, /* MSHUTDOWN */
	NULL, /* RINIT */
	NULL, /* RSHUTDOWN */
	NULL, /* MINFO */
	"0.1",
	STANDARD_MODULE_PROPERTIES,
};

ZEND_GET_MODULE(@NAME@)
