/*
 * ngx_http_@NAME@_module: the directive `@NAME@;` in a location answers
 * every request there with a greeting.
 *
 *   modxs --host nginx -c .     (or make)
 *   modxs --host nginx -i -a ngx_http_@NAME@_module.la
 *
 * then, in a server block:   location /@NAME@ { @NAME@; }
 */
#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>

static char *ngx_http_@NAME@(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);

static ngx_command_t ngx_http_@NAME@_commands[] = {
    { ngx_string("@NAME@"),
      NGX_HTTP_LOC_CONF|NGX_CONF_NOARGS,
      ngx_http_@NAME@,
      0,
      0,
      NULL },

    ngx_null_command
};

static ngx_http_module_t ngx_http_@NAME@_module_ctx = {
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

ngx_module_t ngx_http_@NAME@_module = {
    NGX_MODULE_V1,
    &ngx_http_@NAME@_module_ctx,
    ngx_http_@NAME@_commands,
    NGX_HTTP_MODULE,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    NGX_MODULE_V1_PADDING
};

static ngx_int_t
ngx_http_@NAME@_handler(ngx_http_request_t *r)
{
    static u_char  text[] = "Hello from ngx_http_@NAME@_module\n";
    ngx_buf_t     *b;
    ngx_chain_t    out;
    ngx_int_t      rc;

    if (!(r->method & (NGX_HTTP_GET|NGX_HTTP_HEAD))) {
        return NGX_HTTP_NOT_ALLOWED;
    }
    rc = ngx_http_discard_request_body(r);
    if (rc != NGX_OK) {
        return rc;
    }

    r->headers_out.status = NGX_HTTP_OK;
    r->headers_out.content_length_n = sizeof(text) - 1;
    ngx_str_set(&r->headers_out.content_type, "text/plain");

    rc = ngx_http_send_header(r);
    if (rc == NGX_ERROR || rc > NGX_OK || r->header_only) {
        return rc;
    }

    b = ngx_calloc_buf(r->pool);
    if (b == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }
    b->pos = text;
    b->last = text + sizeof(text) - 1;
    b->memory = 1;
    b->last_buf = 1;

    out.buf = b;
    out.next = NULL;
    return ngx_http_output_filter(r, &out);
}

static char *
ngx_http_@NAME@(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_core_loc_conf_t  *clcf;

    clcf = ngx_http_conf_get_module_loc_conf(cf, ngx_http_core_module);
    clcf->handler = ngx_http_@NAME@_handler;
    return NGX_CONF_OK;
}
