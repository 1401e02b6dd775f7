/*
 * Reading the domain a disk change applies to, on the worker.  live and
 * config default as virsh's --persistent has them (the running domain
 * when it runs, the configuration when it has one), and what the user
 * said is checked against the domain as it is now, not as the form saw it.
 */
#include "config.h"

#include <string.h>

#include "actions/disk-domain.h"

void
tv_disk_domain_clear(tv_disk_domain *d)
{
    free(d->live_xml);
    free(d->saved_xml);
    tv_domain_details_unref(d->live_def);
    tv_domain_details_unref(d->saved_def);
    *d = (tv_disk_domain){ 0 };
}

/* libvirt's XML of the domain (flags 0 or INACTIVE), parsed; -1 with ctx->error. */
static int
read_def(tv_action_ctx *ctx, unsigned flags, char **xml, tv_domain_details **def)
{
    g_autofree char *error = NULL;
    if (!(*xml = virDomainGetXMLDesc(ctx->dom, flags)))
        return tv_action_fail(ctx, "could not read the domain XML");
    if (!(*def = tv_domxml_parse(*xml, &error))) {
        ctx->error = g_strdup(error);
        return -1;
    }
    return 0;
}

int
tv_disk_domain_read(tv_action_ctx *ctx, tv_disk_domain *d)
{
    const tv_param_value *live = tv_param_values_get(ctx->params, "live");
    const tv_param_value *config = tv_param_values_get(ctx->params, "config");
    int active = virDomainIsActive(ctx->dom);
    int persistent = virDomainIsPersistent(ctx->dom);
    const tv_domain_details *any;

    if (active < 0 || persistent < 0)
        return tv_action_fail(ctx, "could not read the domain's state");
    d->active = active;
    d->persistent = persistent;
    d->live_given = tv_param_values_given(ctx->params, "live");
    d->config_given = tv_param_values_given(ctx->params, "config");
    d->live = d->live_given ? live->number : d->active;
    d->config = d->config_given ? config->number : d->persistent;
    if (d->live && !d->active) {
        ctx->error = g_strdup_printf("'%s' is not running: only its configuration can change "
                                     "(config=yes)",
                                     ctx->name);
        return -1;
    }
    if (d->config && !d->persistent) {
        ctx->error = g_strdup_printf("'%s' is transient: it has no configuration to change",
                                     ctx->name);
        return -1;
    }
    if (!d->live && !d->config) {
        ctx->error = g_strdup("live and config are both no: nothing would change");
        return -1;
    }
    if (d->active && read_def(ctx, 0, &d->live_xml, &d->live_def) < 0)
        return -1;
    if (d->persistent &&
        read_def(ctx, VIR_DOMAIN_XML_INACTIVE, &d->saved_xml, &d->saved_def) < 0)
        return -1;
    any = d->live_def ? d->live_def : d->saved_def;
    if (any && (g_strcmp0(any->domain_type, "kvm") == 0 ||
                g_strcmp0(any->domain_type, "qemu") == 0))
        d->driver = "qemu";
    return 0;
}

unsigned
tv_disk_domain_flags(const tv_disk_domain *d)
{
    return (d->live ? VIR_DOMAIN_AFFECT_LIVE : 0) | (d->config ? VIR_DOMAIN_AFFECT_CONFIG : 0);
}

const char *
tv_disk_domain_where(const tv_disk_domain *d, bool adding)
{
    if (d->live && !d->config && d->persistent)
        return adding ? " (live only: gone at its next start)"
                      : " (live only: back at its next start)";
    if (d->config && !d->live && d->active)
        return adding ? " (in its configuration: from its next start)"
                      : " (from its configuration: still there until it stops)";
    return "";
}
