/* SPDX-License-Identifier: ISC */
/*
 * What every device module shares: option syntax, per-device settings,
 * manifest attach and per-descriptor seccomp rules.
 */
#include <string.h>

#include "mft_check.h"
#include "modules.h"

int module_device_option(const char *arg, const char *kind,
                         char name[MFT_NAME_SIZE], const char **value,
                         struct errbuf *err)
{
    size_t klen = strlen(kind), nlen;
    const char *eq;
    struct errbuf why;

    if (strncmp(arg, "--", 2) != 0 || strncmp(arg + 2, kind, klen) != 0 ||
        arg[2 + klen] != ':')
        return 0;
    arg += 3 + klen;
    eq = strchr(arg, '=');
    if (!eq)
        return err_set(err, "--%s:%s: missing '=VALUE'", kind, arg);
    nlen = (size_t)(eq - arg);
    if (mft_check_name(arg, nlen, &why) < 0)
        return err_set(err, "--%s:%.*s: %s", kind, (int)(nlen > 80 ? 80 : nlen),
                       arg, why.msg);
    memcpy(name, arg, nlen);
    name[nlen] = '\0';
    *value = eq + 1;
    return 1;
}

int device_setting_option(struct device_settings *s, const char *arg,
                          const char **value, struct errbuf *err)
{
    char name[MFT_NAME_SIZE];
    int r = module_device_option(arg, s->kind, name, value, err);

    if (r <= 0)
        return r;
    if (s->n == MFT_MAX_DEVICES)
        return err_set(err, "%s: too many --%s options", arg, s->kind);
    strcpy(s->name[s->n], name);
    s->value[s->n++] = *value;
    return 1;
}

const char *device_setting(const struct device_settings *s, const char *name)
{
    for (unsigned i = 0; i < s->n; i++)
        if (strcmp(s->name[i], name) == 0)
            return s->value[i];
    return NULL;
}

int device_settings_check(const struct device_settings *s, const char *dev_kind,
                          bool (*has_device)(const char *name), struct errbuf *err)
{
    for (unsigned i = 0; i < s->n; i++)
        if (!has_device(s->name[i]))
            return err_set(err, "--%s:%s: no --%s:%s given", s->kind, s->name[i],
                           dev_kind, s->name[i]);
    return 0;
}

int ukvm_attach_device(struct ukvm *vm, const char *name, uint32_t type,
                       struct errbuf *err)
{
    const struct ukvm_module *owner = module_for_device(type);
    const char *option = owner ? owner->device.option : "?";
    int i = mft_find(vm->mft, name);
    struct mft_entry *e;

    if (i < 0)
        return err_set(err, "--%s:%s: no device '%s' in the manifest", option,
                       name, name);
    e = &vm->mft->e[i];
    if (e->type != type)
        return err_set(err, "--%s:%s: device '%s' is %s in the manifest", option,
                       name, name, mft_type_name(e->type));
    if (e->attached)
        return err_set(err, "--%s:%s: device '%s' attached twice", option, name,
                       name);
    e->attached = 1;
    return i;
}

int ukvm_check_attached(const struct mft *m, struct errbuf *err)
{
    for (uint32_t i = 1; i < m->entries; i++) {
        const struct ukvm_module *owner = module_for_device(m->e[i].type);

        if (m->e[i].attached)
            continue;
        if (!owner)
            return err_set(err, "device '%s' is declared in the manifest as %s, "
                           "which this tender cannot attach", m->e[i].name,
                           mft_type_name(m->e[i].type));
        return err_set(err, "device '%s' is declared in the manifest but "
                       "not attached (use --%s:%s=%s)", m->e[i].name,
                       owner->device.option, m->e[i].name, owner->device.value);
    }
    return 0;
}

int sandbox_allow_fd(scmp_filter_ctx ctx, int nr, int fd)
{
    return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1,
                            SCMP_A0(SCMP_CMP_EQ, (uint64_t)fd));
}
